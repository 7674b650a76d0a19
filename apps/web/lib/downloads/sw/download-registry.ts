// The downloads a Service Worker may answer: each under a random, unguessable id, for a limited
// time. An id names exactly one ticket; a page (or anything else in the origin) that does not hold
// the id cannot read the file, and an expired id is forgotten, keys included.
import { type DownloadTicket } from '../ticket.ts';

/** How long a ticket lives without being used (a preview's requests renew it). */
export const IDLE_LIFETIME_MS = 10 * 60 * 1000;
/** How long any ticket lives at most (a link's grant ends after an hour anyway). */
export const MAX_LIFETIME_MS = 60 * 60 * 1000;

interface Entry {
  ticket: DownloadTicket;
  createdAt: number;
  usedAt: number;
}

/** The tickets of one Service Worker. */
export class DownloadRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Registers a ticket under a fresh 128-bit id. */
  add(ticket: DownloadTicket): string {
    this.sweep();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    const id = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
    const now = this.now();
    this.entries.set(id, { ticket, createdAt: now, usedAt: now });
    return id;
  }

  /** The ticket under `id`, renewing its idle time; undefined when unknown or expired. */
  use(id: string): DownloadTicket | undefined {
    this.sweep();
    const entry = this.entries.get(id);
    if (entry === undefined) return undefined;
    entry.usedAt = this.now();
    return entry.ticket;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Forgets expired tickets, overwriting their keys. */
  sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) {
      if (now - entry.usedAt > IDLE_LIFETIME_MS || now - entry.createdAt > MAX_LIFETIME_MS) {
        for (const file of entry.ticket.files) file.access.fileKey.fill(0);
        this.entries.delete(id);
      }
    }
  }
}
