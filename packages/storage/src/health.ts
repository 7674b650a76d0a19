/**
 * What the store has recently seen of each backend: time to first byte (smoothed) and runs of
 * failures. Reads go to the healthiest copy first and writes prefer healthy backends; a backend
 * that keeps failing is set aside for a cool-down that doubles with each further failure, so a
 * dead provider costs one failed attempt per cool-down instead of one per request.
 *
 * Kept in memory per process: health is a hint for ordering, never a reason to refuse work, so it
 * does not need to be shared or durable.
 */
export interface BackendHealthOptions {
  /** Cool-down after a first failure, doubled for each consecutive one; default 1 s. */
  readonly cooldownMs?: number;
  /** Longest cool-down; default 30 s. */
  readonly maxCooldownMs?: number;
  /** Weight of the newest latency sample in the moving average, 0 to 1; default 0.3. */
  readonly smoothing?: number;
  /** Clock, for tests. */
  readonly now?: () => number;
}

/** One backend's standing, as `snapshot` reports it. */
export interface BackendStanding {
  readonly backendId: string;
  /** Smoothed time to first byte in ms; undefined until measured. */
  readonly latencyMs: number | undefined;
  readonly consecutiveFailures: number;
  /** Set aside until this time (ms since the epoch); undefined when healthy. */
  readonly coolingDownUntil: number | undefined;
}

interface Standing {
  latencyMs: number | undefined;
  consecutiveFailures: number;
  coolingDownUntil: number | undefined;
}

export class BackendHealth {
  readonly #records = new Map<string, Standing>();
  readonly #cooldownMs: number;
  readonly #maxCooldownMs: number;
  readonly #smoothing: number;
  readonly #now: () => number;

  constructor(options: BackendHealthOptions = {}) {
    this.#cooldownMs = options.cooldownMs ?? 1_000;
    this.#maxCooldownMs = options.maxCooldownMs ?? 30_000;
    this.#smoothing = options.smoothing ?? 0.3;
    this.#now = options.now ?? Date.now;
  }

  /** A request to `backendId` succeeded; `latencyMs` is its time to first byte, when it has one. */
  recordSuccess(backendId: string, latencyMs?: number): void {
    const record = this.#record(backendId);
    if (latencyMs !== undefined) this.recordLatency(backendId, latencyMs);
    record.consecutiveFailures = 0;
    record.coolingDownUntil = undefined;
  }

  /**
   * A latency observed without a verdict, e.g. a request abandoned after `latencyMs` because
   * another copy answered first: a lower bound that still pushes a slow backend down the order.
   */
  recordLatency(backendId: string, latencyMs: number): void {
    const record = this.#record(backendId);
    record.latencyMs =
      record.latencyMs === undefined ? latencyMs : record.latencyMs + this.#smoothing * (latencyMs - record.latencyMs);
  }

  /** A request to `backendId` failed (unreachable, error, timeout). */
  recordFailure(backendId: string): void {
    const record = this.#record(backendId);
    record.consecutiveFailures += 1;
    const cooldown = Math.min(this.#cooldownMs * 2 ** (record.consecutiveFailures - 1), this.#maxCooldownMs);
    record.coolingDownUntil = this.#now() + cooldown;
  }

  /** True unless `backendId` is cooling down after failures. */
  isHealthy(backendId: string): boolean {
    const until = this.#records.get(backendId)?.coolingDownUntil;
    return until === undefined || until <= this.#now();
  }

  /** Smoothed time to first byte of `backendId` in ms, once measured. */
  latencyMs(backendId: string): number | undefined {
    return this.#records.get(backendId)?.latencyMs;
  }

  /**
   * `items` from healthiest to least healthy: healthy backends by latency (unmeasured ones first,
   * so that they get measured), then those cooling down, soonest back first. Ties keep the input
   * order, which makes the ranking deterministic.
   */
  rank<T>(items: readonly T[], backendIdOf: (item: T) => string): T[] {
    const now = this.#now();
    const keyed = items.map((item, position) => {
      const record = this.#records.get(backendIdOf(item));
      const until = record?.coolingDownUntil;
      const coolingDown = until !== undefined && until > now;
      return { item, position, coolingDown, order: coolingDown ? until : (record?.latencyMs ?? 0) };
    });
    keyed.sort(
      (a, b) => Number(a.coolingDown) - Number(b.coolingDown) || a.order - b.order || a.position - b.position,
    );
    return keyed.map((entry) => entry.item);
  }

  /** Every backend seen so far, for metrics and operators. */
  snapshot(): BackendStanding[] {
    const now = this.#now();
    return [...this.#records].map(([backendId, record]) => ({
      backendId,
      latencyMs: record.latencyMs,
      consecutiveFailures: record.consecutiveFailures,
      coolingDownUntil: record.coolingDownUntil !== undefined && record.coolingDownUntil > now ? record.coolingDownUntil : undefined,
    }));
  }

  #record(backendId: string): Standing {
    let record = this.#records.get(backendId);
    if (record === undefined) {
      record = { latencyMs: undefined, consecutiveFailures: 0, coolingDownUntil: undefined };
      this.#records.set(backendId, record);
    }
    return record;
  }
}
