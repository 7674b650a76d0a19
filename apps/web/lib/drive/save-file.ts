// Hands decrypted bytes to the browser as a download. A stop-gap: the whole file passes through
// memory; the Service Worker's streaming downloads (lib/downloads) replace it for large files.
import { type FileContent } from '../worker/protocol.ts';

export function saveFile(content: FileContent): void {
  const url = URL.createObjectURL(new Blob([content.bytes], { type: content.mediaType ?? 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = content.name;
  link.click();
  // The download has taken its copy once the click's task ran.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
