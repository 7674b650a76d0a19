import { expect } from 'vitest';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Asserts the common error shape exactly, and that the body's correlation id is the header's. */
export async function expectError(
  response: Response,
  status: number,
  error: { code: string; message: string; issues?: { path: string; message: string }[] },
): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  const correlationId = response.headers.get('x-correlation-id');
  expect(correlationId).toMatch(UUID);
  expect(await response.json()).toEqual({ error: { ...error, correlationId } });
}
