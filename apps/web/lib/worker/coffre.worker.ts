// The worker that holds the account: OPAQUE and Argon2id run here, off the page's thread, and
// the account keys and session token never leave it. Started by lib/account/worker-connection.ts;
// the pages talk to it through the methods of protocol.ts.
import { createClient } from '@coffre/sdk/client';
import { createDownloadService } from '../downloads/worker/download-service.ts';
import { createAccountService } from './account-service.ts';
import { createDriveService } from './drive-service.ts';
import { createIndexedDbPinStore } from './pin-store.ts';
import { type MessageEndpoint, serveRequests } from './rpc.ts';
import { createIndexedDbSessionStore, createSessionVault } from './session-vault.ts';
import { createSessionDrives, createSharingService } from './sharing-service.ts';
import { createIndexedDbUploadStore, createUploadVault } from './upload-vault.ts';

/** Name of the channel the workers of this origin's tabs announce session changes on. */
const SESSION_CHANNEL = 'coffre-session';

const scope = globalThis as unknown as MessageEndpoint & EventTarget;
const channel = new BroadcastChannel(SESSION_CHANNEL);
const pinStore = createIndexedDbPinStore();

const account = createAccountService({
  vault: createSessionVault(createIndexedDbSessionStore()),
  notify: (event) => scope.postMessage(event),
  broadcast: () => channel.postMessage({ type: 'changed' }),
  // Contacts' key pins outlive sessions: a key change must be noticed across sign-ins and reloads.
  createClient: (options) => createClient({ ...options, pinStore }),
  // The drive (below) stops its uploads when the session's keys are dropped.
  sessionEnded: () => drive.sessionEnded(),
});
// One drive per signed-in session for the services that read the tree, so its record guard
// (rollback detection) sees every record they read.
const sessionDrives = createSessionDrives();
const sharing = createSharingService({ withSession: account.withSession, linkBase: self.location.origin, driveFor: sessionDrives });

const drive = createDriveService({
  withSession: account.withSession,
  vault: createUploadVault(createIndexedDbUploadStore()),
  notifyTransfers: (transfers) => scope.postMessage({ type: 'transfers', transfers }),
});

const downloads = createDownloadService({ withSession: account.withSession, driveOf: sessionDrives });

const server = serveRequests(scope, { ...account.handlers, ...sharing.handlers, ...drive.handlers, ...downloads.handlers });

channel.addEventListener('message', () => {
  void server.enqueue(() => account.syncFromOtherTab());
});

// The worker has a Content-Security-Policy of its own (proxy.ts); a violation here would
// otherwise go unnoticed by the page and its tests.
scope.addEventListener('securitypolicyviolation', (event) => {
  const violation = event as SecurityPolicyViolationEvent;
  console.error(`Content Security Policy violation in the account worker: ${violation.effectiveDirective} blocked ${violation.blockedURI}`);
});
