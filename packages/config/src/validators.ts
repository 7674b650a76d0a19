import { z } from 'zod';

/**
 * A URL whose scheme is one of `schemes` (without the colon). Checked with the WHATWG parser,
 * the same one the clients that consume it use.
 */
export function urlWithScheme(schemes: readonly string[]) {
  const expected = schemes.map((scheme) => `${scheme}://`).join(' or ');
  return z.string().refine(
    (value) => {
      const url = URL.parse(value);
      return url !== null && schemes.includes(url.protocol.slice(0, -1)) && url.host !== '';
    },
    { error: `must be a ${expected} URL`, abort: true },
  );
}

/** A TCP port; 0 lets the operating system choose, which tests rely on. */
export const tcpPort = z
  .string()
  .regex(/^\d{1,5}$/, { error: 'must be an integer from 0 to 65535' })
  .transform(Number)
  .refine((port) => port <= 65_535, { error: 'must be an integer from 0 to 65535' });

/** `NODE_ENV`, restricted to the values the apps know how to behave under. */
export const nodeEnv = z.enum(['development', 'test', 'production'], {
  error: 'must be one of development, test, production',
});

/** A whole number from `min` to `max`, written in decimal digits. */
export function boundedInteger(min: number, max: number) {
  const error = `must be an integer from ${min} to ${max}`;
  return z
    .string()
    .regex(/^\d{1,16}$/, { error })
    .transform(Number)
    .refine((value) => value >= min && value <= max, { error });
}
