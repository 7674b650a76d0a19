// The worker that holds the account: OPAQUE and Argon2id run here, off the page's thread, and
// the account keys and session token never leave it. Started by lib/account/worker-connection.ts;
// the pages talk to it through the methods of protocol.ts.
import { createClient } from '@coffre/sdk/client';
import { createAccountService } from './account-service.ts';
import { type MessageEndpoint, serveRequests } from './rpc.ts';
import { createIndexedDbSessionStore, createSessionVault } from './session-vault.ts';

/** Name of the channel the workers of this origin's tabs announce session changes on. */
const SESSION_CHANNEL = 'coffre-session';

const scope = globalThis as unknown as MessageEndpoint & EventTarget;
const channel = new BroadcastChannel(SESSION_CHANNEL);

const account = createAccountService({
  vault: createSessionVault(createIndexedDbSessionStore()),
  notify: (event) => scope.postMessage(event),
  broadcast: () => channel.postMessage({ type: 'changed' }),
  createClient,
});

const server = serveRequests(scope, account.handlers);

channel.addEventListener('message', () => {
  void server.enqueue(() => account.syncFromOtherTab());
});

// The worker has a Content-Security-Policy of its own (proxy.ts); a violation here would
// otherwise go unnoticed by the page and its tests.
scope.addEventListener('securitypolicyviolation', (event) => {
  const violation = event as SecurityPolicyViolationEvent;
  console.error(`Content Security Policy violation in the account worker: ${violation.effectiveDirective} blocked ${violation.blockedURI}`);
});
