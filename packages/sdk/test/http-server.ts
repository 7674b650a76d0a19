// A real HTTP server on a loopback port for the SDK's tests, answering each request with what the
// test says, and recording what it received.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

/** What the server saw of one request. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** An answer: status, headers and a body (JSON-encoded unless a string). */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface TestServer {
  url: string;
  received: ReceivedRequest[];
  /** Sets how the next requests are answered. */
  answer(respond: (request: ReceivedRequest) => Answer): void;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  let respond: (request: ReceivedRequest) => Answer = () => ({ status: 404 });
  const received: ReceivedRequest[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const seen = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body };
      received.push(seen);
      const answer = respond(seen);
      response.writeHead(answer.status, answer.headers ?? (answer.body === undefined ? {} : { 'content-type': 'application/json' }));
      response.end(answer.body === undefined ? undefined : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    answer: (next) => {
      respond = next;
    },
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
