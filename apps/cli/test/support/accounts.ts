import { randomBytes } from 'node:crypto';
import { type CoffreUser, coffreUser } from './coffre.js';

/** An email no other test (or test run) uses. */
export function uniqueEmail(name: string): string {
  return `${name}-${randomBytes(5).toString('hex')}@example.org`;
}

/** A password of the kind people type, unique to the test. */
export function uniquePassword(): string {
  return `correct horse ${randomBytes(4).toString('hex')} battery staple`;
}

/** A CLI user signed up through `coffre signup`. */
export interface SignedUpUser {
  user: CoffreUser;
  email: string;
  password: string;
  recoveryKey: string;
  accountId: string;
  sessionId: string;
}

/** The CLI users of one test file, removed together at the end. */
export class Users {
  private readonly all: CoffreUser[] = [];

  constructor(private readonly server: () => string) {}

  /** A fresh user (own configuration directory), signed out. */
  async fresh(env: Record<string, string> = {}): Promise<CoffreUser> {
    const user = await coffreUser(this.server(), env);
    this.all.push(user);
    return user;
  }

  /** A fresh user who just signed up. */
  async signedUp(name: string): Promise<SignedUpUser> {
    const user = await this.fresh();
    const email = uniqueEmail(name);
    const password = uniquePassword();
    const result = await user.json<{ recoveryKey: string; accountId: string; sessionId: string }>(['signup', email], { COFFRE_PASSWORD: password });
    return { user, email, password, ...result };
  }

  async removeAll(): Promise<void> {
    await Promise.all(this.all.map((user) => user.remove()));
  }
}
