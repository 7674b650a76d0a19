// The request/response plumbing on both sides of the worker: typed by protocol.ts, and small
// enough to read in one go. A library (Comlink) would proxy arbitrary objects and functions;
// a closed list of methods with plain-data parameters is easier to audit, which matters for
// the one piece of the page that holds the keys.
import { AccountError, toErrorData } from './errors.ts';
import {
  type MethodName,
  type ParamsOf,
  type RequestMessage,
  type ResponseMessage,
  type ResultOf,
  type SessionEventMessage,
  type TransferEventMessage,
  type WorkerToPageMessage,
} from './protocol.ts';

/** The part of a MessagePort, Worker or worker global scope that the plumbing needs. */
export interface MessageEndpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/** One handler per method. */
export type Handlers = { [M in MethodName]: (params: ParamsOf<M>) => Promise<ResultOf<M>> };

function isRequest(data: unknown): data is RequestMessage {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as Partial<RequestMessage>;
  return message.type === 'request' && Number.isSafeInteger(message.id) && typeof message.method === 'string';
}

/** Worker side of the plumbing. */
export interface RequestServer {
  /** Runs `task` in the same queue as the requests, e.g. a change another tab announced. */
  enqueue(task: () => Promise<void>): Promise<void>;
  /** Stops answering. */
  stop(): void;
}

/**
 * Worker side: answers every request arriving at `endpoint` with its handler's result or error.
 * Requests run one at a time, in arrival order: account operations change shared state (the
 * token, the keys), and a sign-out must not interleave with a request made before it.
 */
export function serveRequests(endpoint: MessageEndpoint, handlers: Handlers): RequestServer {
  let queue: Promise<unknown> = Promise.resolve();
  const enqueue = (task: () => Promise<void>): Promise<void> => {
    const run = queue.then(task);
    // A failed task must not stop the ones after it.
    queue = run.catch(() => undefined);
    return run;
  };
  const listener = (event: MessageEvent) => {
    const message: unknown = event.data;
    if (!isRequest(message)) return;
    void enqueue(async () => {
      const handler = Object.hasOwn(handlers, message.method) ? (handlers[message.method] as (params: unknown) => Promise<unknown>) : undefined;
      let response: ResponseMessage;
      try {
        if (handler === undefined) throw new TypeError(`unknown method ${message.method}`);
        response = { type: 'response', id: message.id, ok: true, result: await handler(message.params) };
      } catch (error) {
        response = { type: 'response', id: message.id, ok: false, error: toErrorData(error) };
      }
      try {
        endpoint.postMessage(response);
      } catch {
        // A result that cannot be cloned must still answer the call, or the page would wait forever.
        endpoint.postMessage({ type: 'response', id: message.id, ok: false, error: toErrorData(undefined) } satisfies ResponseMessage);
      }
    });
  };
  endpoint.addEventListener('message', listener);
  return { enqueue, stop: () => endpoint.removeEventListener('message', listener) };
}

/**
 * The MessagePorts among a request's parameters (top level only): a port can only cross by being
 * transferred. The downloads' ticket port is one (lib/downloads).
 */
function portsIn(params: unknown): MessagePort[] {
  if (typeof params !== 'object' || params === null || typeof MessagePort === 'undefined') return [];
  return Object.values(params).filter((value): value is MessagePort => value instanceof MessagePort);
}

/** Page side of the worker. */
export interface WorkerClient {
  /**
   * Calls a method of the worker.
   * @throws AccountError with the worker's error code; WORKER_FAILED if the worker dies first.
   */
  call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  /** Listens to session changes the worker reports on its own; returns the unsubscriber. */
  onSessionEvent(listener: (event: SessionEventMessage) => void): () => void;
  /** Listens to the worker's upload progress reports; returns the unsubscriber. */
  onTransferEvent(listener: (event: TransferEventMessage) => void): () => void;
  /** Fails every pending and future call with WORKER_FAILED (the worker crashed or could not load). */
  fail(reason: string): void;
}

/** Page side: sends requests to `endpoint` and matches the responses to them. */
export function createWorkerClient(endpoint: MessageEndpoint): WorkerClient {
  let nextId = 1;
  let failure: AccountError | undefined;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  const sessionListeners = new Set<(event: SessionEventMessage) => void>();
  const transferListeners = new Set<(event: TransferEventMessage) => void>();

  endpoint.addEventListener('message', (event) => {
    const message = event.data as WorkerToPageMessage;
    if (message?.type === 'session') {
      for (const listener of sessionListeners) listener(message);
      return;
    }
    if (message?.type === 'transfers') {
      for (const listener of transferListeners) listener(message);
      return;
    }
    if (message?.type !== 'response') return;
    const waiting = pending.get(message.id);
    if (waiting === undefined) return;
    pending.delete(message.id);
    if (message.ok) waiting.resolve(message.result);
    else waiting.reject(new AccountError(message.error));
  });

  return {
    call<M extends MethodName>(method: M, params: ParamsOf<M>) {
      if (failure !== undefined) return Promise.reject(failure);
      const id = nextId++;
      return new Promise<ResultOf<M>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        const request: RequestMessage<M> = { type: 'request', id, method, params };
        endpoint.postMessage(request, portsIn(params));
      });
    },
    onSessionEvent(listener) {
      sessionListeners.add(listener);
      return () => sessionListeners.delete(listener);
    },
    onTransferEvent(listener) {
      transferListeners.add(listener);
      return () => transferListeners.delete(listener);
    },
    fail(reason) {
      failure = new AccountError({ code: 'WORKER_FAILED', message: reason });
      for (const waiting of pending.values()) waiting.reject(failure);
      pending.clear();
    },
  };
}
