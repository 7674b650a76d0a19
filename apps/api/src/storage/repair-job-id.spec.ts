import { type RepairNeed } from '@coffre/storage/repair';
import { describe, expect, it } from 'vitest';
import { repairJobId } from './repair-job-id.js';

const objectId = '0f'.repeat(32);
const other = 'e1'.repeat(32);

describe(repairJobId.name, () => {
  it('names a need by its kind, object and backend, and by nothing else', () => {
    const corrupt: RepairNeed = { kind: 'replace-copy', objectId, shard: 0, backendId: 'fs-a', reason: 'corrupt', detail: 'block 1' };
    expect(repairJobId(corrupt)).toBe(`replace-copy.${objectId}.fs-a`);
    expect(repairJobId({ ...corrupt, reason: 'missing', detail: 'gone' })).toBe(repairJobId(corrupt));
    expect(repairJobId({ kind: 'complete-placement', objectId, missing: 2 })).toBe(`complete-placement.${objectId}`);
    expect(repairJobId({ kind: 'remove-orphan', backendId: 's3-eu', key: objectId })).toBe(`remove-orphan.${objectId}.s3-eu`);
  });

  it('tells apart needs on other objects or backends, and never uses the separator BullMQ refuses', () => {
    const ids = [
      repairJobId({ kind: 'replace-copy', objectId, shard: 0, backendId: 'fs-a', reason: 'corrupt', detail: '' }),
      repairJobId({ kind: 'replace-copy', objectId, shard: 0, backendId: 'fs-b', reason: 'corrupt', detail: '' }),
      repairJobId({ kind: 'replace-copy', objectId: other, shard: 0, backendId: 'fs-a', reason: 'corrupt', detail: '' }),
      repairJobId({ kind: 'complete-placement', objectId: other, missing: 1 }),
      repairJobId({ kind: 'remove-orphan', backendId: 'fs-a', key: objectId }),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).not.toContain(':');
  });
});
