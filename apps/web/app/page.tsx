import { ButtonLink } from '@coffre/ui/button';
import { Card, CardGrid } from '@coffre/ui/card';
import { Hero, PageSection } from '@coffre/ui/section';
import { LOGIN_HREF, SIGNUP_HREF, SiteShell } from './site-shell.tsx';

/** The drive's landing page: what Coffre is, for whom, and exactly what its servers see. */
export default function LandingPage() {
  return (
    <SiteShell>
      <Hero
        eyebrow="Coffre drive"
        title="Your files, readable by you alone."
        lead={
          <p>
            Coffre is a cloud drive with end-to-end encryption. Your files, their names and the keys that protect them
            are encrypted on your device before they leave it, then stored in several jurisdictions at once, so that no
            single seizure, outage or shutdown can take them from you.
          </p>
        }
        actions={
          <>
            <ButtonLink href={SIGNUP_HREF}>Create account</ButtonLink>
            <ButtonLink href="#how-it-works" variant="secondary">
              How it works
            </ButtonLink>
          </>
        }
      />

      <PageSection
        id="how-it-works"
        title="How it works"
        intro={<p>Everything that matters is decided on your device. Our servers store and pass on ciphertext.</p>}
      >
        <CardGrid>
          <Card title="Encrypted on your device">
            <p>
              File contents, file and folder names and the shape of your folders are encrypted in your browser or the
              command-line client before upload. Every file and folder has a key of its own, and every piece of
              ciphertext is authenticated, so a tampered, swapped or truncated file is refused rather than opened.
            </p>
          </Card>
          <Card title="Your password never leaves">
            <p>
              Signing in uses OPAQUE (RFC 9807): the server never receives your password, nor anything it could use to
              guess it offline. Signing in and decrypting are separate, so a compromised login cannot unlock your
              files.
            </p>
          </Card>
          <Card title="Copies in several jurisdictions">
            <p>
              Each encrypted object is kept by storage providers in different jurisdictions. If one of them is seized,
              goes down or shuts down, your files are still there, and every copy is checked for integrity whenever it
              is read.
            </p>
          </Card>
          <Card title="A recovery key in your hands">
            <p>
              When you create your account you receive a recovery key to print and keep. It restores your account
              without your password and, with any surviving copy, lets you get your files back even if Coffre itself
              is gone.
            </p>
          </Card>
          <Card title="Sharing without handing over keys">
            <p>
              Share a folder with another account and its key is sealed to their public key. Share by link and the key
              sits after the <code>#</code> of the address, a part browsers never send to a server; links can also
              carry a password, an expiry date and a download limit.
            </p>
          </Card>
          <Card title="A format you can leave with">
            <p>
              The encrypted file format is published with test vectors, precisely enough that anyone can write a
              program to decrypt your files from the specification alone. You are never locked in to our software.
            </p>
          </Card>
        </CardGrid>
      </PageSection>

      <PageSection id="who-it-is-for" title="Who it is for" tone="muted">
        <CardGrid>
          <Card title="People with private lives">
            <p>Family photos, medical records, tax returns, letters: the things you would not hand to a stranger.</p>
          </Card>
          <Card title="Professions bound to secrecy">
            <p>
              Journalists protecting sources, lawyers, doctors and therapists, for whom a provider that can read files
              is a provider that can be made to hand them over.
            </p>
          </Card>
          <Card title="Anyone who plans for the worst">
            <p>
              People and teams who want their archive to outlive a data-centre fire, a court order in one country, or
              the company that stores it, including us.
            </p>
          </Card>
        </CardGrid>
      </PageSection>

      <PageSection
        id="what-we-see"
        title="What our servers can and cannot see"
        intro={
          <p>
            End-to-end encryption hides what is in your files, not the fact that you use Coffre. This is the exact
            line.
          </p>
        }
      >
        <CardGrid>
          <Card title="Encrypted: unreadable to us">
            <ul>
              <li>the contents of your files</li>
              <li>file and folder names, and how your folders are organised</li>
              <li>your keys, your password and your recovery key</li>
              <li>the key of every link you share</li>
            </ul>
          </Card>
          <Card title="Visible to us">
            <ul>
              <li>your account email address</li>
              <li>the IP addresses you connect from</li>
              <li>when you connect, upload and download</li>
              <li>how many files and folders you store</li>
              <li>their approximate sizes: encryption hides content, not size</li>
            </ul>
          </Card>
        </CardGrid>
        <p className="coffre-section__note">
          A web page that encrypts is only as trustworthy as the code it is sent. Coffre&apos;s pages refuse any script
          the server did not issue for that very page view, check their code files against hashes fixed when the site
          was built, and load nothing from any other site.
        </p>
      </PageSection>

      <PageSection id="get-started" title="Get started" tone="muted">
        <p>
          An account needs an email address and a password. Your password never leaves this browser: it unlocks your
          keys here, and the server only ever sees proof that you know it. When the account is created you will be
          shown a recovery key to save; it is the only way back in if you forget the password.
        </p>
        <p className="coffre-section__note">
          The drive itself is still being built: today the web drive covers your account, its sessions and its
          recovery; uploading and sharing from the browser come next.
        </p>
        <div className="coffre-hero__actions">
          <ButtonLink href={SIGNUP_HREF}>Create account</ButtonLink>
          <ButtonLink href={LOGIN_HREF} variant="secondary">
            Sign in
          </ButtonLink>
        </div>
      </PageSection>
    </SiteShell>
  );
}
