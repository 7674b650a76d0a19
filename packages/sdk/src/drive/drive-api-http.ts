// Binds the drive's route interfaces to HTTP: the SDK's typed route methods (drive-routes.ts,
// sharing-routes.ts) over one base URL and session.
import { createDriveRoutesFor } from '../drive-routes.js';
import { createSharingRoutesFor } from '../sharing-routes.js';
import { type DriveApi, type PublicLinkApi } from './drive-api.js';

export interface DriveHttpOptions {
  /** e.g. `https://api.coffre.example`; route paths (`/api/...`) are appended. */
  baseUrl: string;
  /** The session's bearer token, read at every request (`() => client.token`). */
  token: () => string | undefined;
  fetch?: typeof fetch;
}

/** Every authenticated route the drive uses, over HTTP. */
export function createDriveHttpApi(options: DriveHttpOptions): DriveApi {
  return { ...createDriveRoutesFor(options), ...createSharingRoutesFor(options) };
}

/** The public link routes over HTTP: no account needed. */
export function createPublicLinkHttpApi(options: Omit<DriveHttpOptions, 'token'>): PublicLinkApi {
  return createSharingRoutesFor(options);
}
