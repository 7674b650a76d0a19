import { AppError } from '../errors/app-error.js';
import { type Link } from './links.repository.js';

/**
 * Refuses a link its owner revoked, one past its expiry, and (when `downloads` is 'counted')
 * one whose downloads are all spent, in that order: revocation is the owner's latest word.
 * A grant already handed out is checked with 'spent': its own download was counted when the link
 * was opened, so only revocation and expiry end it.
 * @throws AppError LINK_REVOKED, LINK_EXPIRED or LINK_EXHAUSTED (410).
 */
export function ensureLinkUsable(link: Link, now: Date, downloads: 'counted' | 'spent'): void {
  if (link.revokedAt !== null) throw new AppError('LINK_REVOKED', `link ${link.id} was revoked`);
  if (link.expiresAt !== null && link.expiresAt <= now) throw new AppError('LINK_EXPIRED', `link ${link.id} expired`);
  if (downloads === 'counted' && link.maxDownloads !== null && link.downloads >= link.maxDownloads) {
    throw new AppError('LINK_EXHAUSTED', `link ${link.id} has no downloads left`);
  }
}
