import { type RepairNeed } from '@coffre/storage/repair';

/**
 * The BullMQ job id of a repair need: its kind, the object and the backend it concerns. BullMQ
 * ignores a job whose id is already queued, delayed or running, so the same need reported many
 * times (by every read that meets a bad copy, by each scrub) is worked on once. Finished jobs are
 * removed, so a need that comes back later is queued again.
 *
 * Under replication an object has one shard (0), so object and backend name a copy. Ids and
 * backend ids hold no `.` (hex digits; lowercase letters, digits and dashes), and BullMQ refuses
 * `:` in custom ids.
 */
export function repairJobId(need: RepairNeed): string {
  switch (need.kind) {
    case 'replace-copy':
      return `replace-copy.${need.objectId}.${need.backendId}`;
    case 'complete-placement':
      return `complete-placement.${need.objectId}`;
    case 'remove-orphan':
      return `remove-orphan.${need.key}.${need.backendId}`;
  }
}
