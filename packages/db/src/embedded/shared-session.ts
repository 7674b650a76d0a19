// PGlite is one Postgres backend in single-user mode: one session, shared by every client of
// the socket server. Handing it over message by message is not enough: an extended query
// (Parse, Bind, Execute, Sync) keeps its unnamed statement and portal in the session until
// Sync, and a transaction lasts until COMMIT, so two clients interleaving there run each
// other's statements, or silently lose writes when one's error aborts the other's transaction.
// (Measured here: of 60 concurrent Prisma writes over 3 pooled clients through
// @electric-sql/pglite-socket 0.2.17, only 41 rows remained and only 2 writes reported an error.
// Its queue keeps a client's messages together only inside explicit transactions.)
//
// So clients take turns: a client keeps the session from its first message until the backend
// is idle again, i.e. until it answers ReadyForQuery with status `I` (outside any transaction),
// which only Sync, a simple Query, a function call, the end of COPY or start-up produce.
import { type PGlite } from '@electric-sql/pglite';

/** Messages whose reply ends with ReadyForQuery: the only points where a turn may end. */
const EXCHANGE_ENDS = new Set(['S', 'Q', 'F', 'c', 'f']);

/** ReadyForQuery, idle: `Z`, length 5, status `I`. */
const READY_IDLE = [0x5a, 0, 0, 0, 5, 0x49];

/** Sync: makes the backend finish (or discard, after an error) a half-sent extended query. */
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

/** Thrown to clients still waiting for a turn when the server stops. */
export class SessionClosed extends Error {
  override readonly name = 'SessionClosed';
  constructor() {
    super('The embedded database is shutting down.');
  }
}

interface Waiter {
  client: number;
  grant: () => void;
  refuse: (error: Error) => void;
}

/** Whether `tail`, the last bytes of a reply, is ReadyForQuery with status idle. */
function endsIdle(tail: Uint8Array): boolean {
  return tail.length === READY_IDLE.length && READY_IDLE.every((byte, i) => tail[i] === byte);
}

/** The last `count` bytes of `previous` followed by `next`. */
function lastBytes(previous: Uint8Array, next: Uint8Array, count: number): Uint8Array {
  if (next.length >= count) return next.slice(next.length - count);
  const joined = new Uint8Array(previous.length + next.length);
  joined.set(previous);
  joined.set(next, previous.length);
  return joined.slice(Math.max(0, joined.length - count));
}

/** Turn-taking over the one session of a PGlite instance. Clients are numbered by the caller. */
export class SharedSession {
  private holder: number | null = null;
  private waiters: Waiter[] = [];
  private closed = false;

  constructor(private readonly db: PGlite) {}

  /**
   * Runs one protocol message of `client` on the database, in the client's turn, and streams
   * the backend's reply to `reply`. A client's messages must be passed in the order it sent them,
   * one at a time.
   *
   * @param endsExchange whether the backend answers this message with ReadyForQuery
   *   (start-up, or a message type listed in EXCHANGE_ENDS); see {@link endsExchange}.
   * @throws SessionClosed if the server stops while the client waits; whatever PGlite throws.
   */
  async execute(client: number, message: Uint8Array, endsExchange: boolean, reply: (bytes: Uint8Array) => void): Promise<void> {
    await this.turnFor(client);
    let tail: Uint8Array = new Uint8Array(0);
    await this.db.runExclusive(() =>
      this.db.execProtocolRawStream(message, {
        onRawData: (bytes) => {
          tail = lastBytes(tail, bytes, READY_IDLE.length);
          reply(bytes);
        },
      }),
    );
    if (endsExchange && endsIdle(tail)) this.passTurn();
  }

  /**
   * Called once a client is gone and none of its messages is running. If it held the session,
   * ends its half-sent extended query and rolls back its transaction, then passes the turn on.
   */
  async leave(client: number): Promise<void> {
    this.waiters = this.waiters.filter((waiter) => waiter.client !== client);
    if (this.holder !== client) return;
    if (!this.closed) {
      await this.db.runExclusive(() => this.db.execProtocolRawStream(SYNC, { onRawData: () => {} }));
      if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    }
    this.passTurn();
  }

  /** Refuses every waiting and future turn: the database is about to close. */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiters) waiter.refuse(new SessionClosed());
    this.waiters = [];
  }

  private turnFor(client: number): Promise<void> {
    if (this.closed) return Promise.reject(new SessionClosed());
    if (this.holder === null) this.holder = client;
    if (this.holder === client) return Promise.resolve();
    return new Promise((grant, refuse) => this.waiters.push({ client, grant, refuse }));
  }

  /** First come, first served: a client with more to send queues again behind the others. */
  private passTurn(): void {
    const next = this.waiters.shift();
    this.holder = next?.client ?? null;
    next?.grant();
  }
}

/** Whether the backend answers `type` (a message type byte, as a character) with ReadyForQuery. */
export function endsExchange(type: string): boolean {
  return EXCHANGE_ENDS.has(type);
}
