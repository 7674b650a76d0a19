/** The body of `GET /api/health`, as far as tests look into it. */
export interface HealthBody {
  readonly status?: string;
  readonly checks?: Readonly<Record<string, string>>;
  readonly storage?: { readonly underReplicatedObjects?: number | null };
}

/**
 * `GET /api/health`, asked again (up to five times) while a probe it expects to pass reports a
 * timeout: each probe gives up after about a second, which a first request after start-up on a
 * loaded machine (cold connections, tests running beside it) can take. A load balancer likewise
 * counts several failed checks before it believes one.
 */
export async function settledHealth(apiUrl: string, expectUp: readonly ('database' | 'redis' | 'storage')[]): Promise<{ status: number; headers: Headers; body: HealthBody }> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(`${apiUrl}/api/health`);
    const body = (await response.json()) as HealthBody;
    const settled = expectUp.every((check) => body.checks?.[check] === 'up') && body.storage?.underReplicatedObjects !== null;
    if (settled || attempt === 5) return { status: response.status, headers: response.headers, body };
  }
}
