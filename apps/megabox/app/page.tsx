import { ButtonLink } from '@coffre/ui/button';
import { Card, CardGrid } from '@coffre/ui/card';
import { Hero, PageSection } from '@coffre/ui/section';
import { GET_STARTED_HREF, SiteShell } from './site-shell.tsx';

/** MegaBox's landing page: the store for artists and listeners, and what it can see. */
export default function LandingPage() {
  return (
    <SiteShell>
      <Hero
        eyebrow="MegaBox, the music store of Coffre"
        title="Music that pays the people who made it."
        lead={
          <p>
            Artists publish encrypted tracks. Listeners preview, stream and buy them. Payments go straight to the
            artists through Stripe, and what you buy is yours for good: no DRM, no expiry.
          </p>
        }
        actions={
          <>
            <ButtonLink href={GET_STARTED_HREF} note="coming soon">
              Start listening
            </ButtonLink>
            <ButtonLink href="#artists" variant="secondary">
              For artists
            </ButtonLink>
          </>
        }
      />

      <PageSection
        id="artists"
        title="For artists"
        intro={<p>Upload once, set your terms, and watch every sale arrive, line by line.</p>}
      >
        <CardGrid>
          <Card title="Publish encrypted tracks">
            <p>
              Upload your master. MegaBox prepares a streaming version, measures its loudness, cuts a free preview and
              draws the waveform, then encrypts the track with a key of its own and deletes the unencrypted copy.
            </p>
          </Card>
          <Card title="Your prices, your splits">
            <p>
              Set a fixed price or let fans pay what they want above a minimum. Split each sale between collaborators
              and every one of them is paid their share separately.
            </p>
          </Card>
          <Card title="Paid directly">
            <p>
              Each artist has their own Stripe account: buyers pay it directly, and MegaBox takes a fee stated up
              front. Every sale, fee, split, refund and payout is written to a ledger you can read line by line.
            </p>
          </Card>
        </CardGrid>
      </PageSection>

      <PageSection id="listeners" title="For listeners" tone="muted">
        <CardGrid>
          <Card title="Preview, then buy">
            <p>Browse and search the catalogue, listen to free previews, and buy the tracks you want to keep.</p>
          </Card>
          <Card title="Stream with instant seeking">
            <p>
              Tracks are decrypted in your browser as they play, and you can jump anywhere in a track without waiting
              for it to download.
            </p>
          </Card>
          <Card title="Yours for good">
            <p>
              Purchases are perpetual and DRM-free. Once a track&apos;s key is delivered to you it cannot be taken
              back: download the file and play it anywhere, for as long as you like.
            </p>
          </Card>
        </CardGrid>
      </PageSection>

      <PageSection
        id="what-we-see"
        title="What MegaBox can and cannot see"
        intro={<p>A store has to know what it sells and who pays. This is exactly what that means here.</p>}
      >
        <CardGrid>
          <Card title="Encrypted">
            <ul>
              <li>every track, as stored and as streamed: storage providers and our database hold only ciphertext</li>
              <li>each key delivered to a buyer, sealed so that only that buyer can open it</li>
              <li>your password, which never leaves your device</li>
            </ul>
          </Card>
          <Card title="Visible to us">
            <ul>
              <li>the catalogue, which is public by design</li>
              <li>your account email address and the IP addresses you connect from</li>
              <li>what you buy, because paying artists and delivering keys requires it</li>
              <li>which tracks you stream and when, and their approximate sizes</li>
            </ul>
          </Card>
          <Card title="The one part you must trust">
            <p>
              To deliver a track&apos;s key to each buyer, a licence service holds every track key in escrow, kept
              apart from the rest of MegaBox. It can give keys out; it can never take one back.
            </p>
          </Card>
        </CardGrid>
      </PageSection>

      <PageSection id="get-started" title="The store opens soon" tone="muted">
        <p>
          MegaBox is still being built. Signing in, artist onboarding and purchases are not open yet; the buttons on
          this page will lead to them as soon as they work. Until then, nothing here asks for your email address.
        </p>
      </PageSection>
    </SiteShell>
  );
}
