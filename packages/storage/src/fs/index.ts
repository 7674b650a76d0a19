// `@coffre/storage/fs`: objects as files in a local directory.
export { FileSystemBackend, type FileSystemBackendOptions } from './fs-backend.js';
export { objectPath } from './layout.js';
