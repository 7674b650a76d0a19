import { type Metadata } from 'next';
import { webConfig } from '../../../lib/server/web-config.ts';
import { SiteShell } from '../../site-shell.tsx';
import { LinkView } from './link-view.tsx';

export const metadata: Metadata = { title: 'Shared with you' };

/**
 * `/s/<id>#<key>`: a file or folder shared by link, opened without an account. The key after "#"
 * never reaches this server (browsers do not send fragments); the page reads it in the browser and
 * the account worker decrypts with it.
 */
export default function SharedLinkPage() {
  return (
    <SiteShell>
      <div className="coffre-task coffre-shared">
        <LinkView apiUrl={webConfig().apiUrl} />
      </div>
    </SiteShell>
  );
}
