// Writes test/vectors/opaque.json: `node --import tsx test/vectors/generate-opaque.ts`.
// The OPAQUE library draws its randomness from crypto.getRandomValues too, so with the
// deterministic source installed the server setup, record and export key are the same on every
// run. The test logs in against this stored record: if a library upgrade ever changed how the
// export key is derived, every existing account would be locked out, and this vector says so.
import { installDeterministicRandom } from './deterministic-random.js';

installDeterministicRandom('coffre/vectors/opaque');

const client = await import('../../src/opaque.js');
const server = await import('../../src/opaque-server.js');
const { deriveExportWrappingKey } = await import('../../src/account.js');
const { fromBase64url, toBase64url } = await import('../../src/base64url.js');
const { hex, flipBit } = await import('../support/bytes.js');
const { writeVectors } = await import('./vector-files.js');

const userIdentifier = 'acct_3f9d2c';
const password = 'correct horse battery staple';
const serverSetup = await server.createServerSetup();
const start = await client.startRegistration(password);
const response = await server.createRegistrationResponse({ serverSetup, userIdentifier, request: start.request });
const registration = await client.finishRegistration({ password, state: start.state, response });

const recordBytes = fromBase64url(registration.record);

writeVectors('opaque', {
  construction: 'OPAQUE (RFC 9807) ristretto255-SHA512 with Argon2id m=64 MiB t=3 p=4, through @serenity-kit/opaque 1.1.0',
  specification: 'docs/crypto.md#login-opaque',
  generator: 'test/vectors/generate-opaque.ts',
  valid: [
    {
      name: 'stored registration',
      serverSetup,
      serverPublicKey: await server.getServerPublicKey(serverSetup),
      userIdentifier,
      password,
      registrationRecord: registration.record,
      exportKey: hex(registration.exportKey),
      wrappingKey: hex(deriveExportWrappingKey(registration.exportKey)),
    },
  ],
  invalid: [
    { name: 'wrong password', userIdentifier, password: 'correct horse battery stapler', registrationRecord: registration.record, error: 'DECRYPT_FAILED' },
    { name: 'another user identifier', userIdentifier: 'acct_other', password, registrationRecord: registration.record, error: 'DECRYPT_FAILED' },
    {
      name: 'record envelope modified (last bit)',
      userIdentifier,
      password,
      registrationRecord: toBase64url(flipBit(recordBytes, recordBytes.length * 8 - 1)),
      error: 'DECRYPT_FAILED',
    },
    {
      name: 'masking key modified',
      userIdentifier,
      password,
      registrationRecord: toBase64url(flipBit(recordBytes, 40 * 8)),
      error: 'DECRYPT_FAILED',
    },
  ],
});
