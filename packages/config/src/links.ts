// Share links' settings: how long an opened link's grant lasts, and how many wrong access tokens
// a link and a client address may send before they are held back.
import { type z } from 'zod';
import { type DeepReadonly, deepFreeze } from './parse-env.js';
import { boundedInteger } from './validators.js';

const DAY = 24 * 3600;

/** The variables of the links settings, merged into the API's environment schema. */
export const linksEnvShape = {
  COFFRE_LINK_GRANT_TTL_SECONDS: boundedInteger(60, DAY).default(3600),
  COFFRE_LINK_OPEN_RATE_LIMIT_PER_LINK: boundedInteger(1, 1_000_000).default(10),
  COFFRE_LINK_OPEN_RATE_LIMIT_PER_IP: boundedInteger(1, 1_000_000).default(30),
  COFFRE_LINK_OPEN_RATE_LIMIT_WINDOW_SECONDS: boundedInteger(1, DAY).default(600),
};

type LinksVars = z.output<z.ZodObject<typeof linksEnvShape>>;

/** Share links: grants, and the limits on guessing a link's access token (its password). */
export interface LinkSettings {
  /** How long the grant that opening a link returns stays valid, in seconds. */
  grantTtlSeconds: number;
  /**
   * Wrong access tokens allowed per window, per link (against many machines guessing one link's
   * password) and per client address (against one machine trying many links). Right tokens are
   * not counted, so a popular link is never held back by its own downloads.
   */
  openRateLimit: { perLink: number; perIp: number; windowSeconds: number };
}

/** The links settings from the parsed variables. */
export function linkSettings(vars: DeepReadonly<LinksVars>): LinkSettings {
  return deepFreeze({
    grantTtlSeconds: vars.COFFRE_LINK_GRANT_TTL_SECONDS,
    openRateLimit: {
      perLink: vars.COFFRE_LINK_OPEN_RATE_LIMIT_PER_LINK,
      perIp: vars.COFFRE_LINK_OPEN_RATE_LIMIT_PER_IP,
      windowSeconds: vars.COFFRE_LINK_OPEN_RATE_LIMIT_WINDOW_SECONDS,
    },
  });
}
