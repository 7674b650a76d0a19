import { randomBytes } from 'node:crypto';
import { createClient, type CoffreClient, type SignupResult } from '@coffre/sdk/client';

/** An email no other test (or test run) uses. */
export function uniqueEmail(name: string): string {
  return `${name}-${randomBytes(5).toString('hex')}@example.org`;
}

/** A password of the kind people type, unique to the test. */
export function uniquePassword(): string {
  return `correct horse ${randomBytes(4).toString('hex')} battery staple`;
}

/** A new account, signed in with its own client. */
export interface TestAccount extends SignupResult {
  email: string;
  password: string;
  client: CoffreClient;
}

/** Signs a new account up through the SDK, as a person would. */
export async function signUp(baseUrl: string, name: string): Promise<TestAccount> {
  const email = uniqueEmail(name);
  const password = uniquePassword();
  const client = createClient({ baseUrl });
  return { ...(await client.signup(email, password)), email, password, client };
}
