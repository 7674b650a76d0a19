// One client socket of the embedded server: splits its bytes into messages and runs them on the
// shared session in order, one at a time.
import { type Socket } from 'node:net';
import { type ClientFrame, FrameReader } from './frames.js';
import { endsExchange, type SharedSession } from './shared-session.js';

/** A served client. */
export interface ClientConnection {
  /** Settles once the client is gone and has left the session. */
  readonly finished: Promise<void>;
}

/**
 * Serves `socket` as client number `client` of `session` until either side closes it.
 * Unsupported requests (cancellation, protocol versions other than 3.0) close the connection.
 */
export function serveClient(socket: Socket, session: SharedSession, client: number): ClientConnection {
  const reader = new FrameReader();
  let open = true;
  // Every step for this client runs after the previous one: messages in order, leaving last.
  let queue: Promise<void> = Promise.resolve();
  const then = (step: () => Promise<void> | void) => {
    queue = queue.then(step).catch(() => {
      socket.destroy();
    });
    return queue;
  };
  const reply = (bytes: Uint8Array) => {
    if (open) socket.write(Buffer.from(bytes));
  };

  async function handle(frame: ClientFrame): Promise<void> {
    if (!open) return;
    switch (frame.kind) {
      case 'encryption-request':
        // No TLS: the server only listens on loopback. Clients that allow it go on in the clear.
        socket.write('N');
        return;
      case 'cancel-request':
        // A single shared backend cannot stop one client's statement without stopping all.
        socket.destroy();
        return;
      case 'startup':
        if (!frame.supported) {
          socket.destroy();
          return;
        }
        await session.execute(client, frame.bytes, true, reply);
        return;
      case 'message':
        if (frame.type === 'X') {
          // Terminate ends this client, not the backend every client shares.
          socket.end();
          return;
        }
        await session.execute(client, frame.bytes, endsExchange(frame.type), reply);
    }
  }

  socket.setNoDelay(true);
  socket.on('data', (chunk) => {
    try {
      for (const frame of reader.push(chunk)) void then(() => handle(frame));
    } catch {
      socket.destroy();
    }
  });
  socket.on('error', () => socket.destroy());
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  socket.on('close', () => {
    open = false;
    void then(() => session.leave(client)).then(finish);
  });
  return { finished };
}
