/**
 * `@coffre/sdk/drive-node`: the drive's Node-only pieces: local files as upload sources, a
 * state directory that lets uploads resume after a crash or a reboot, and downloads saved to a
 * file only once every chunk is authenticated.
 */
export { fileSource, mediaTypeOf } from './drive/node/file-source.js';
export { createFileUploadStateStore, uploadStateKey } from './drive/node/file-upload-state-store.js';
export { saveDownload } from './drive/node/save-download.js';
