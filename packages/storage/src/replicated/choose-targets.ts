import { type ObjectBackend } from '../backend.js';
import { type BackendHealth } from '../health.js';

/**
 * Picks the backends a new object is written to: at most one per jurisdiction, healthiest first,
 * `copies` of them when enough are healthy.
 *
 * Backends cooling down after failures are left out while healthy ones can carry the copies (a
 * dead provider would otherwise cost every write a timeout), and drawn in only to reach
 * `writeQuorum`: better to try a backend that may have recovered than to refuse the write. Copies
 * not written now are reported for repair.
 */
export function chooseTargets(
  backends: readonly ObjectBackend[],
  copies: number,
  writeQuorum: number,
  health: BackendHealth,
): ObjectBackend[] {
  const chosen: ObjectBackend[] = [];
  const jurisdictions = new Set<string>();
  const take = (backend: ObjectBackend): void => {
    chosen.push(backend);
    jurisdictions.add(backend.jurisdiction);
  };
  const ranked = health.rank(backends, (backend) => backend.id);
  for (const backend of ranked) {
    if (chosen.length < copies && health.isHealthy(backend.id) && !jurisdictions.has(backend.jurisdiction)) take(backend);
  }
  for (const backend of ranked) {
    if (chosen.length < writeQuorum && !jurisdictions.has(backend.jurisdiction)) take(backend);
  }
  return chosen;
}
