// Where a link stands, from what the server reports of it: the words the links table shows.
import { type LinkView } from '@coffre/sdk/drive-types';

export type LinkStateCode = 'active' | 'revoked' | 'expired' | 'used-up';

/** Revoked wins over expired, which wins over used up: the first reason it stopped working. */
export function linkState(link: Pick<LinkView, 'revokedAt' | 'expiresAt' | 'maxDownloads' | 'downloads'>, now: Date): { code: LinkStateCode; label: string } {
  if (link.revokedAt !== null) return { code: 'revoked', label: 'Revoked' };
  if (link.expiresAt !== null && Date.parse(link.expiresAt) <= now.getTime()) return { code: 'expired', label: 'Expired' };
  if (link.maxDownloads !== null && link.downloads >= link.maxDownloads) return { code: 'used-up', label: 'Download limit reached' };
  return { code: 'active', label: 'Active' };
}
