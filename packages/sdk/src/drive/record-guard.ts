import { ensureVersionAdvances } from '@coffre/crypto/signature';
import { DriveError } from './drive-error.js';

/**
 * Remembers, for this session, the newest verified record of every node, so that a server cannot
 * show a node at an older (validly signed) state after a newer one: docs/crypto.md, "Node record
 * signatures", rollback. Re-reading an unchanged node is recognised by its signed message.
 */
export class RecordGuard {
  private readonly seen = new Map<string, { version: number; message: string }>();

  /**
   * Accepts a verified record, or refuses a rollback or two different records under one version.
   * @throws DriveError TAMPERED.
   */
  accept(nodeId: string, version: number, message: Uint8Array): void {
    const text = hex(message);
    const last = this.seen.get(nodeId);
    if (last !== undefined) {
      if (last.version === version && last.message === text) return;
      if (last.version === version) throw new DriveError('TAMPERED', `The server sent two different records of node ${nodeId} under one version.`);
      try {
        ensureVersionAdvances(version, last.version);
      } catch (error) {
        throw new DriveError('TAMPERED', `The server sent an older record of node ${nodeId} (version ${version} after ${last.version}).`, { cause: error });
      }
    }
    this.seen.set(nodeId, { version, message: text });
  }
}

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}
