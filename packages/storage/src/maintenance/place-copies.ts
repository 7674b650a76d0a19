import { type ObjectBackend } from '../backend.js';
import { type BackendFailure } from '../errors.js';
import { type Placement, type ShardDescriptor, type ShardLocation } from '../placement.js';
import { copyShard } from './copy-shard.js';
import { type MaintenanceContext } from './maintenance-context.js';

export interface CopiesToPlace {
  readonly placement: Placement;
  readonly shard: ShardDescriptor;
  /** The copies that stay; new ones go to jurisdictions none of these is in. */
  readonly keep: readonly ShardLocation[];
  readonly count: number;
  /** Backends in this jurisdiction are tried first (a copy being moved stays where it was if it can). */
  readonly preferJurisdiction?: string;
}

export interface PlacedCopies {
  readonly added: readonly ShardLocation[];
  readonly failures: readonly BackendFailure[];
  /** No configured backend lies in a jurisdiction the kept copies leave free. */
  readonly noJurisdictionLeft: boolean;
}

/**
 * Writes up to `count` new copies of a shard, each in a jurisdiction that none of the kept copies
 * (nor any other new one) is in, healthiest backends first. A target that fails is replaced by the
 * next backend of a free jurisdiction, until the count is reached or the candidates run out.
 *
 * @throws {StorageError} UNAVAILABLE when no intact copy can be read to copy from.
 */
export async function placeCopies(context: MaintenanceContext, request: CopiesToPlace): Promise<PlacedCopies> {
  const { placement, shard, keep, count, preferJurisdiction } = request;
  const used = new Set(keep.map((location) => location.jurisdiction));
  const holders = new Set(placement.locations.map((location) => location.backendId));
  let candidates = context.health
    .rank([...context.backends.values()], (backend) => backend.id)
    .filter((backend) => !used.has(backend.jurisdiction) && !holders.has(backend.id))
    // A stable sort: within each group the health ranking stands.
    .sort((a, b) => Number(b.jurisdiction === preferJurisdiction) - Number(a.jurisdiction === preferJurisdiction));
  if (candidates.length === 0) return { added: [], failures: [], noJurisdictionLeft: true };

  const sources = keep.flatMap((location) => context.backends.get(location.backendId) ?? []);
  const added: ShardLocation[] = [];
  const failures: BackendFailure[] = [];
  while (added.length < count && candidates.length > 0) {
    const targets = onePerJurisdiction(candidates, count - added.length);
    const result = await copyShard({ objectId: placement.objectId, shard, sources, targets }, context);
    for (const backend of result.written) {
      added.push({ shard: shard.index, backendId: backend.id, jurisdiction: backend.jurisdiction });
      used.add(backend.jurisdiction);
    }
    failures.push(...result.failures);
    candidates = candidates.filter((backend) => !targets.includes(backend) && !used.has(backend.jurisdiction));
  }
  return { added, failures, noJurisdictionLeft: false };
}

function onePerJurisdiction(candidates: readonly ObjectBackend[], count: number): ObjectBackend[] {
  const chosen: ObjectBackend[] = [];
  for (const backend of candidates) {
    if (chosen.length === count) break;
    if (!chosen.some((other) => other.jurisdiction === backend.jurisdiction)) chosen.push(backend);
  }
  return chosen;
}
