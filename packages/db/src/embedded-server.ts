// A PGlite data directory served over the Postgres wire protocol, so that several processes (the
// API, job workers, one-off scripts) share the embedded database through a plain DATABASE_URL.
// PGlite is a single session; src/embedded/shared-session.ts explains how clients share it.
import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { serveClient, type ClientConnection } from './embedded/client-connection.js';
import { SharedSession } from './embedded/shared-session.js';

/**
 * Connections accepted at once. A pg pool opens up to 10 and each process has its own, so this
 * leaves room for a few processes.
 */
export const DEFAULT_MAX_CONNECTIONS = 32;

export interface EmbeddedPostgresOptions {
  /** PGlite data directory, created if missing. Only one process may open it at a time. */
  dataDir: string;
  /** TCP port; 0 picks a free one (read it back from `url`). */
  port: number;
  /** Interface to bind. Keep it on loopback: the server has no authentication and no TLS. */
  host: string;
  /** Defaults to {@link DEFAULT_MAX_CONNECTIONS}. */
  maxConnections?: number;
}

/** A running embedded server. */
export interface EmbeddedPostgres {
  /** Connection string for clients, e.g. `postgresql://postgres:postgres@127.0.0.1:5433/postgres`. */
  url: string;
  /** Closes every connection (rolling back open transactions), then the data directory. */
  stop(): Promise<void>;
}

/** ErrorResponse 53300, as Postgres sends it when it has no slot left for a client. */
function tooManyClients(): Buffer {
  const fields = ['SFATAL', 'VFATAL', 'C53300', 'Msorry, too many clients already'];
  const body = Buffer.concat([...fields.map((field) => Buffer.from(`${field}\0`)), Buffer.from([0])]);
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

/**
 * Opens `dataDir` and serves it on `host:port`. It does not migrate: clients do, through
 * `openDatabase({ url })`, as against any Postgres server.
 *
 * Clients take turns on PGlite's single session: a statement outside a transaction waits while
 * another client's transaction is open, so one client's transaction must never wait on another
 * client's statement (Prisma's interactive transactions time out if it does).
 *
 * @throws if the data directory cannot be opened or the port is taken; nothing is left open then.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const db = new PGlite(options.dataDir);
  const session = new SharedSession(db);
  const sockets = new Set<Socket>();
  const clients = new Set<ClientConnection>();
  let nextClient = 1;

  const server = createServer((socket) => {
    // Every socket is tracked, turned-away ones included: stopping destroys them all, or a
    // client that never closes its side would keep the listener from closing.
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    if (clients.size >= maxConnections) {
      socket.end(tooManyClients());
      return;
    }
    const client = serveClient(socket, session, nextClient++);
    clients.add(client);
    void client.finished.then(() => clients.delete(client));
  });

  try {
    await db.waitReady;
    server.listen(options.port, options.host);
    await once(server, 'listening');
  } catch (error) {
    server.close();
    await db.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;

  return {
    // PGlite accepts any user and password; pg clients need some to send.
    url: `postgresql://postgres:postgres@${host}:${port}/postgres`,
    stop: async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      session.close();
      for (const socket of sockets) socket.destroy();
      await Promise.all([...clients].map((client) => client.finished));
      await closed;
      await db.close();
    },
  };
}
