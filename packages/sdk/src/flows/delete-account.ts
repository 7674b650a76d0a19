import { type FlowContext } from '../session.js';
import { proveLogin } from './prove-login.js';

/**
 * Deletes the signed-in account, after proving its password with a fresh OPAQUE login. Every
 * session ends with it; the client is signed out.
 * @throws ApiError UNAUTHENTICATED for a wrong password or no session.
 */
export async function deleteAccount(context: FlowContext, password: string): Promise<void> {
  const account = await context.routes.getAccount();
  const { proof } = await proveLogin(context, account.email, password);
  await context.routes.deleteAccount(proof);
  context.setToken(undefined);
}
