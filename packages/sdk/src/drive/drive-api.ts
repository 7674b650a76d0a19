// The routes the drive uses (packages/sdk/src/drive-types.ts lists them with their bodies): the
// pipelines and tree operations are written against these interfaces; drive-api-http.ts binds
// them to the SDK's typed route methods.
import { type ContentResponse as RouteContentResponse, type DriveRoutes, type PageRequest } from '../drive-routes.js';
import { type SharingRoutes } from '../sharing-routes.js';

/** Ciphertext bytes [start, end) of a file version, end exclusive. */
export interface ByteRange {
  start: number;
  end: number;
}

/** A ranged content answer: the ciphertext bytes as a stream (what the pipelines read of it). */
export type ContentResponse = Pick<RouteContentResponse, 'body' | 'version'>;

export type { PageRequest };

/** The tree, upload, version and content routes the drive uses (drive-routes.ts). */
export type DriveTreeApi = Pick<
  DriveRoutes,
  | 'createNode'
  | 'getRootNode'
  | 'getNode'
  | 'listChildren'
  | 'updateNode'
  | 'trashNode'
  | 'restoreNode'
  | 'deleteNode'
  | 'listTrash'
  | 'startUpload'
  | 'getUpload'
  | 'putPart'
  | 'completeUpload'
  | 'abandonUpload'
  | 'listVersions'
  | 'restoreVersion'
  | 'deleteVersion'
  | 'getVersionContent'
>;

/** The link and share routes the drive uses (sharing-routes.ts). */
export type SharingApi = Pick<SharingRoutes, 'createLink' | 'listLinks' | 'revokeLink' | 'createShare' | 'listOutgoingShares' | 'listIncomingShares' | 'acceptShare' | 'deleteShare'>;

/** Every authenticated route the drive uses. */
export type DriveApi = DriveTreeApi & SharingApi;

/** The public link routes: no account, the grant from opening the link instead (sharing-routes.ts). */
export type PublicLinkApi = Pick<SharingRoutes, 'getPublicLink' | 'openLink' | 'listLinkChildren' | 'getLinkContent'>;
