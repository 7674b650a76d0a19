// `pnpm --filter @coffre/api opaque-setup`: prints a new OPAQUE server setup for
// COFFRE_OPAQUE_SERVER_SETUP. Generate it once per deployment and keep it with the other
// secrets: replacing it invalidates every account's password.
import { createServerSetup } from '@coffre/crypto/opaque-server';

console.log(await createServerSetup());
