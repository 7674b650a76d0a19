// Where interrupted uploads are remembered: `<state dir>/uploads/`, one file per upload (mode
// 0600), holding the file key only wrapped under the account's root key (docs/drive-design.md,
// "Resuming safely"). Re-running the same `coffre put` finds them and resumes.
import path from 'node:path';
import { type UploadStateStore } from '@coffre/sdk/drive';
import { createFileUploadStateStore } from '@coffre/sdk/drive-node';

/** The upload state store of a state directory. */
export function uploadStates(stateDir: string): UploadStateStore {
  return createFileUploadStateStore(path.join(stateDir, 'uploads'));
}
