// Tells the signed-in frame that the storage used changed (an upload finished, something was
// deleted for good), so its usage meter reads the account again.
const listeners = new Set<() => void>();

export function onStorageChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function storageChanged(): void {
  for (const listener of listeners) listener();
}
