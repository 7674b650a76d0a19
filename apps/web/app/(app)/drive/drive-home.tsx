import { Alert } from '@coffre/ui/alert';
import { PageHeading } from '@coffre/ui/app-shell';

/**
 * The drive's root folder. Until the file browser lands (it needs the SDK's drive layer), it
 * holds the place where the folder listing will go.
 */
export function DriveHome({ recovered }: { recovered: boolean }) {
  return (
    <>
      <PageHeading title="My drive" intro={<p>Everything here is encrypted in this browser before it is uploaded.</p>} />
      {recovered ? (
        <Alert tone="success" title="Account recovered">
          <p>Your new password is set, and every other device has been signed out. Your recovery key stays the same.</p>
        </Alert>
      ) : null}
      <section className="coffre-empty" aria-labelledby="drive-empty-title">
        <h2 id="drive-empty-title" className="coffre-empty__title">
          Your files will appear here
        </h2>
        <p>
          The file browser of the web drive is being built. Until it arrives, the <code>coffre</code> command line client
          can upload, list and download this account&apos;s files.
        </p>
      </section>
    </>
  );
}
