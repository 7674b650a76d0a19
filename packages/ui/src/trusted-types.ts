// The pages require Trusted Types (`require-trusted-types-for 'script'`), so every URL handed to
// a script sink must be a TrustedScriptURL. Our own code could mint those through a named
// policy, but the bundler's runtime cannot: it starts workers (`new Worker(url)`) and loads
// lazy chunks (`script.src = url`) with plain URLs. The browser passes such values to the
// `default` policy, which this module creates, and which admits exactly the app's own scripts.

/** The subset of the Trusted Types API this module uses (not yet in TypeScript's DOM types). */
interface TrustedTypePolicyFactoryLike {
  readonly defaultPolicy: unknown;
  createPolicy(name: string, rules: { createScriptURL(input: string): string }): unknown;
}

/** Options of {@link installTrustedTypesPolicy}. */
export interface TrustedTypesPolicyOptions {
  /** The page's origin, e.g. `location.origin`. */
  readonly origin: string;
  /** Path prefixes of the scripts the app serves; Next.js serves its chunks under `/_next/static/`. */
  readonly scriptPathPrefixes?: readonly string[];
}

const NEXT_STATIC_SCRIPTS = ['/_next/static/'];

/**
 * Whether `url` names one of the app's own scripts: same origin, under one of the prefixes, and
 * no credentials or other tricks in the URL. Relative URLs resolve against `origin`.
 */
export function isOwnScriptUrl(url: string, { origin, scriptPathPrefixes = NEXT_STATIC_SCRIPTS }: TrustedTypesPolicyOptions): boolean {
  const parsed = URL.parse(url, origin);
  if (parsed === null || parsed.origin !== origin || parsed.username !== '' || parsed.password !== '') return false;
  // The parser has already removed dot segments (`..` and `%2e%2e` alike), so the prefix check
  // cannot be walked out of.
  return scriptPathPrefixes.some((prefix) => parsed.pathname.startsWith(prefix));
}

/**
 * Creates the `default` Trusted Types policy, once, if the browser has Trusted Types. It only
 * converts script URLs, and only those {@link isOwnScriptUrl} accepts; it defines no HTML or
 * script conversion, so strings reaching `innerHTML`, `eval` and the like stay blocked.
 *
 * Call it before anything starts a worker or loads a chunk. Does nothing on the server, or when
 * the policy exists already (a second creation would throw).
 *
 * @returns whether the policy is in place.
 * @throws {TypeError} from the returned policy, when a script URL is not the app's own: the
 *   browser then refuses the sink and reports the violation.
 */
export function installTrustedTypesPolicy(options?: Partial<TrustedTypesPolicyOptions>): boolean {
  const factory = (globalThis as { trustedTypes?: TrustedTypePolicyFactoryLike }).trustedTypes;
  if (factory === undefined) return false;
  if (factory.defaultPolicy !== null && factory.defaultPolicy !== undefined) return true;
  const resolved: TrustedTypesPolicyOptions = { ...options, origin: options?.origin ?? globalThis.location.origin };
  factory.createPolicy('default', {
    createScriptURL(input) {
      if (isOwnScriptUrl(input, resolved)) return input;
      throw new TypeError(`Refused script URL ${input}: not one of this site's own scripts`);
    },
  });
  return true;
}
