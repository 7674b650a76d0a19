/**
 * `@coffre/sdk/drive`: the encrypted drive of a signed-in account (tree, uploads, downloads,
 * links, shares), and opening links without an account. Runs in Node and browsers; Node-only
 * helpers (file paths, an upload state directory) are in `@coffre/sdk/drive-node`.
 *
 *   const drive = createDrive({ api: createDriveHttpApi({ baseUrl, token: () => client.token }), session, lookupPublicKeys: client.lookupPublicKeys });
 *   const docs = await drive.mkdirs('/docs');
 *   await drive.upload(blobSource(file), { parent: docs, name: file.name });
 */
export { type ByteSource, type SourceInfo, blobSource, bytesSource, streamSource } from './drive/byte-source.js';
export { type CreateLinkOptions, type CreatedLink } from './drive/create-link.js';
export { type Drive, type DriveOptions, createDrive } from './drive/create-drive.js';
export { type ByteRange, type ContentResponse, type DriveApi, type PageRequest, type PublicLinkApi } from './drive/drive-api.js';
export { type DriveHttpOptions, createDriveHttpApi, createPublicLinkHttpApi } from './drive/drive-api-http.js';
export { DriveError, type DriveErrorCode, isDriveError } from './drive/drive-error.js';
export { type DriveNode, type SharedAccess } from './drive/drive-node.js';
export { type Download, type DownloadOptions } from './drive/download-file.js';
export { type FetchCiphertext, type ReadOptions, type ReadRetry, openContent, readPlaintext } from './drive/content-reader.js';
export { type ContentAccess, type ContentRoute } from './drive/content-access.js';
export { type LinkSession, type OpenLinkOptions, openLink } from './drive/open-link.js';
export { type NodeMetadata } from './drive/node-metadata.js';
export { type RetryPolicy } from './drive/retry.js';
export { type SharedFolder } from './drive/share-folder.js';
export { DEFAULT_PART_SIZE, type TransferProgress, type UploadOptions, type UploadResult } from './drive/upload-file.js';
export { type UploadState, type UploadStateStore, createMemoryUploadStateStore } from './drive/upload-state.js';
export { type FileVersion } from './drive/versions.js';
