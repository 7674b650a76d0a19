// The local record of an upload in progress, what lets it resume after a crash or a reboot
// (docs/drive-design.md, "Resuming safely"). It holds the file key and salt only as an
// upload-key-wrap envelope under the account's root key, and each part's plaintext MAC, written
// before any byte of that part is sent.

/** One upload in progress. JSON-serialisable. */
export interface UploadState {
  format: 1;
  accountId: string;
  /** The source as it was when the upload started: a resume requires the same size and mtime. */
  source: { size: number; mtime: number | null };
  ownerId: string;
  nodeId: string;
  /** Whether this upload created the node (it is removed again if the upload is abandoned before any content). */
  createdNode: boolean;
  uploadId: string;
  /** The file version number the content is encrypted for. */
  number: number;
  partSize: number;
  chunkSize: number;
  ciphertextSize: number;
  /** Envelope upload-key-wrap (file key ‖ salt) under the root key, base64url. */
  keyWrap: string;
  /** Per part number: its plaintext MAC (base64url) and the SHA-256 of its bytes (hex), recorded before sending. */
  parts: Record<string, { mac: string; sha256: string }>;
}

/** Where upload states live; keys are chosen by the caller (e.g. from the source path and destination). */
export interface UploadStateStore {
  get(key: string): Promise<UploadState | undefined>;
  /** Must be durable when it returns: a part is sent only after its record is stored. */
  put(key: string, state: UploadState): Promise<void>;
  delete(key: string): Promise<void>;
}

/** A store in memory: resumes within one process (a failed network), not after a crash. */
export function createMemoryUploadStateStore(): UploadStateStore {
  const states = new Map<string, string>();
  return {
    get: async (key) => {
      const text = states.get(key);
      return text === undefined ? undefined : (JSON.parse(text) as UploadState);
    },
    put: async (key, state) => {
      states.set(key, JSON.stringify(state));
    },
    delete: async (key) => {
      states.delete(key);
    },
  };
}
