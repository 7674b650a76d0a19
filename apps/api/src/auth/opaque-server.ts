import { Inject, Injectable } from '@nestjs/common';
import { CryptoError } from '@coffre/crypto/errors';
import { createRegistrationResponse, finishServerLogin, type ServerLoginStart, startServerLogin } from '@coffre/crypto/opaque-server';
import { AppError } from '../errors/app-error.js';

/** Injection token for the OPAQUE server setup string (see opaque-server-setup.ts). */
export const OPAQUE_SERVER_SETUP = Symbol('OpaqueServerSetup');

export type { ServerLoginStart };

/**
 * The server side of OPAQUE (RFC 9807) with this deployment's setup, its failures already in
 * the API's error vocabulary: a malformed client message is VALIDATION_FAILED, a login that does
 * not verify is UNAUTHENTICATED.
 */
@Injectable()
export class OpaqueServer {
  constructor(@Inject(OPAQUE_SERVER_SETUP) private readonly setup: string) {}

  /**
   * Answers a registration request for the account `userIdentifier` (its id).
   * @throws AppError VALIDATION_FAILED for a malformed request, located at `field`.
   */
  async registrationResponse(userIdentifier: string, request: string, field: string): Promise<string> {
    try {
      return await createRegistrationResponse({ serverSetup: this.setup, userIdentifier, request });
    } catch (error) {
      throw invalidMessage(error, field);
    }
  }

  /**
   * Answers a login request (KE1). `record: null` answers for an account that does not exist,
   * indistinguishably (RFC 9807 §10.9).
   * @throws AppError VALIDATION_FAILED for a malformed request, located at `field`.
   */
  async startLogin(userIdentifier: string, record: string | null, request: string, field: string): Promise<ServerLoginStart> {
    try {
      return await startServerLogin({ serverSetup: this.setup, userIdentifier, record, request });
    } catch (error) {
      throw invalidMessage(error, field);
    }
  }

  /**
   * Verifies the client's KE3 against the state of its login.
   * @throws AppError UNAUTHENTICATED when it does not verify, whatever the reason.
   */
  async finishLogin(state: string, finishRequest: string): Promise<void> {
    try {
      await finishServerLogin({ state, finishRequest });
    } catch (error) {
      if (error instanceof CryptoError) throw new AppError('UNAUTHENTICATED', `OPAQUE login refused: ${error.detail}`);
      throw error;
    }
  }
}

function invalidMessage(error: unknown, field: string): unknown {
  if (!(error instanceof CryptoError && error.code === 'INVALID_INPUT')) return error;
  return new AppError('VALIDATION_FAILED', `OPAQUE message refused: ${error.detail}`, {
    issues: [{ path: field, message: 'is not a valid OPAQUE message' }],
  });
}
