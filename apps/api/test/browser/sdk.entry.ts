// Bundled by esbuild into the page of sdk-browser.e2e.spec.ts: the SDK as a web app uses it.
import { createClient } from '@coffre/sdk/client';
import { ApiError } from '@coffre/sdk/errors';

const hex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');

const api = {
  /** Signs up, logs in from a second client, and reports what a test needs to compare. */
  async signupAndLogin(baseUrl: string, email: string, password: string) {
    const signedUp = await createClient({ baseUrl }).signup(email, password);
    const loggedIn = await createClient({ baseUrl }).login(email, password);
    const wrong = await createClient({ baseUrl })
      .login(email, `${password}!`)
      .then(
        () => 'accepted',
        (error: unknown) => (error instanceof ApiError ? `${error.status} ${error.code}` : String(error)),
      );
    return { signedUpRootKey: hex(signedUp.keys.rootKey), loggedInRootKey: hex(loggedIn.keys.rootKey), accountId: loggedIn.accountId, wrong };
  },
};

export type CoffreSdkPage = typeof api;
(globalThis as unknown as { coffreSdk: CoffreSdkPage }).coffreSdk = api;
