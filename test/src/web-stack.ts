import { createTestDatabase, type TestDatabase } from '@coffre/db/testing';
import { webAppDir } from './paths.ts';
import { type RunningApi, serveApi } from './serve-api.ts';
import { findFreePort, type RunningApp, serveNextApp } from './serve.ts';

/** The web drive against a real API on its own database, all on loopback. */
export interface WebStack {
  readonly database: TestDatabase;
  readonly api: RunningApi;
  readonly web: RunningApp;
  /** Stops the web app and the API, then drops the database. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts a fresh database, the built API allowing the web drive's origin (CORS), and the built
 * web drive pointed at the API through `COFFRE_API_URL`, read at run time. The web port is
 * chosen first because each side must know the other's address before it starts.
 *
 * @throws if any part fails to start; what did start is stopped first.
 */
export async function startWebStack(options: { apiEnv?: Readonly<Record<string, string>> } = {}): Promise<WebStack> {
  const database = await createTestDatabase();
  let api: RunningApi | undefined;
  let web: RunningApp | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await web?.stop();
      await api?.stop();
      await database.drop();
    })());
  try {
    const webPort = await findFreePort();
    api = await serveApi({ databaseUrl: database.url, webOrigins: [`http://127.0.0.1:${webPort}`], ...(options.apiEnv && { env: options.apiEnv }) });
    web = await serveNextApp(webAppDir(), { port: webPort, env: { COFFRE_API_URL: api.url } });
    return { database, api, web, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
