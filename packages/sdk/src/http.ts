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
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Sends the bearer token; refuses to send the request without one. */
  authenticated?: boolean;
}

/** Sends requests to the API. */
export type Http = <T>(request: HttpRequest) => Promise<T>;

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
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.authenticated) {
      const token = options.token();
      if (token === undefined) throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in first.', '');
      headers.authorization = `Bearer ${token}`;
    }
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const url = new URL(`${baseUrl}${request.path}`);
    for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);

    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: request.method,
        headers,
        ...(request.body !== undefined && { body: JSON.stringify(request.body) }),
      });
    } catch (error) {
      throw new ApiError(0, 'NETWORK_ERROR', 'The Coffre API could not be reached.', '', { cause: error });
    }
    if (response.ok) return (response.status === 204 ? undefined : await response.json()) as T;
    throw await toApiError(response);
  };
}

async function toApiError(response: Response): Promise<ApiError> {
  const correlationId = response.headers.get(CORRELATION_ID_HEADER) ?? '';
  const body = await response.json().catch(() => undefined);
  if (!isErrorBody(body)) {
    return new ApiError(response.status, 'UNEXPECTED_RESPONSE', `Unexpected answer from the server (HTTP ${response.status}).`, correlationId);
  }
  const retryAfter = Number(response.headers.get('retry-after'));
  const { code, message, issues } = body.error;
  return new ApiError(response.status, code as ApiErrorCode, message, body.error.correlationId, {
    ...(issues !== undefined && { issues }),
    ...(Number.isFinite(retryAfter) && retryAfter > 0 && { retryAfterSeconds: retryAfter }),
  });
}

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = body.error as Record<string, unknown> | null;
  return typeof error === 'object' && error !== null && typeof error.code === 'string' && typeof error.message === 'string' && typeof error.correlationId === 'string';
}
