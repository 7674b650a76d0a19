// The one place the SDK talks HTTP: JSON in, JSON out, the bearer token when the route needs
// it, and every failure turned into an ApiError.
import { type ErrorBody } from './api-types.js';
import { ApiError, type ApiErrorCode } from './errors.js';

const CORRELATION_ID_HEADER = 'x-correlation-id';

/** Where the API is and who the client is. */
export interface HttpOptions {
  /** e.g. `https://api.coffre.example`; the routes' `/api/...` paths are appended. */
  baseUrl: string;
  /** The current session's bearer token, read at every request. */
  token: () => string | undefined;
  /** The platform's fetch unless given (tests, instrumented clients). */
  fetch?: typeof fetch;
}

/** One API call. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Sends the bearer token; refuses to send the request without one. */
  authenticated?: boolean;
  /** More request headers (e.g. a link grant). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Sends requests to the API. */
export type Http = <T>(request: HttpRequest) => Promise<T>;

/** One API call with a binary body or a binary answer: sent as is, answered as a `Response`. */
export interface RawHttpRequest {
  method: 'GET' | 'PUT' | 'POST';
  path: string;
  query?: Record<string, string>;
  /** Sent as application/octet-stream. A stream is sent as it is read (Node; HTTP/2 browsers). */
  body?: Uint8Array | Blob | ReadableStream<Uint8Array>;
  headers?: Record<string, string>;
  authenticated?: boolean;
  signal?: AbortSignal;
}

/**
 * Sends binary requests to the API and hands back the successful `Response` unread, so that a
 * download streams (`response.body`) instead of landing in memory.
 */
export type RawHttp = (request: RawHttpRequest) => Promise<Response>;

/**
 * Builds the request function of a client.
 * @throws ApiError from the returned function: the API's error (status, code, message,
 *   correlation id), NETWORK_ERROR when nothing answered, UNEXPECTED_RESPONSE when something
 *   other than the API did; UNAUTHENTICATED without sending anything when a route needs a
 *   session and the client has none.
 */
export function createHttp(options: HttpOptions): Http {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);

  return async <T>(request: HttpRequest): Promise<T> => {
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers, ...authorization(options, request.authenticated) };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const response = await send(fetchImpl, urlOf(baseUrl, request), {
      method: request.method,
      headers,
      ...(request.body !== undefined && { body: JSON.stringify(request.body) }),
      ...(request.signal && { signal: request.signal }),
    });
    if (response.ok) return (response.status === 204 ? undefined : await response.json()) as T;
    throw await toApiError(response);
  };
}

/**
 * Builds the binary request function of a client (part uploads, content downloads).
 * @throws ApiError from the returned function, as `createHttp`'s does; the error body of a failed
 *   answer is read, a successful answer's body is left to the caller.
 */
export function createRawHttp(options: HttpOptions): RawHttp {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);

  return async (request: RawHttpRequest): Promise<Response> => {
    const headers: Record<string, string> = { ...request.headers, ...authorization(options, request.authenticated) };
    if (request.body !== undefined) headers['content-type'] = 'application/octet-stream';
    const streaming = request.body instanceof ReadableStream;
    const response = await send(fetchImpl, urlOf(baseUrl, request), {
      method: request.method,
      headers,
      ...(request.body !== undefined && { body: request.body as BodyInit }),
      // Fetch sends a stream body only half-duplex (the Fetch standard's `duplex` member).
      ...(streaming && { duplex: 'half' }),
      ...(request.signal && { signal: request.signal }),
    } as RequestInit);
    if (response.ok) return response;
    throw await toApiError(response);
  };
}

/** The bearer header a request needs. @throws ApiError UNAUTHENTICATED without a token. */
function authorization(options: HttpOptions, authenticated: boolean | undefined): Record<string, string> {
  if (!authenticated) return {};
  const token = options.token();
  if (token === undefined) throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in first.', '');
  return { authorization: `Bearer ${token}` };
}

function urlOf(baseUrl: string, request: { path: string; query?: Record<string, string> }): URL {
  const url = new URL(`${baseUrl}${request.path}`);
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
  return url;
}

/** Sends, turning a failure to get any answer into NETWORK_ERROR (an abort stays an abort). */
async function send(fetchImpl: typeof fetch, url: URL, init: RequestInit): Promise<Response> {
  try {
    return await fetchImpl(url, init);
  } catch (error) {
    if (init.signal?.aborted === true) throw error;
    throw new ApiError(0, 'NETWORK_ERROR', 'The Coffre API could not be reached.', '', { cause: error });
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  const correlationId = response.headers.get(CORRELATION_ID_HEADER) ?? '';
  const body = await response.json().catch(() => undefined);
  if (!isErrorBody(body)) {
    return new ApiError(response.status, 'UNEXPECTED_RESPONSE', `Unexpected answer from the server (HTTP ${response.status}).`, correlationId);
  }
  const retryAfter = Number(response.headers.get('retry-after'));
  const { code, message, issues, details } = body.error;
  return new ApiError(response.status, code as ApiErrorCode, message, body.error.correlationId, {
    ...(typeof details === 'object' && details !== null && details),
    ...(issues !== undefined && { issues }),
    ...(Number.isFinite(retryAfter) && retryAfter > 0 && { retryAfterSeconds: retryAfter }),
  });
}

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = body.error as Record<string, unknown> | null;
  return typeof error === 'object' && error !== null && typeof error.code === 'string' && typeof error.message === 'string' && typeof error.correlationId === 'string';
}
