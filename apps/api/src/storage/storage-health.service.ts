import { Inject, Injectable, Logger } from '@nestjs/common';
import { type ApiConfig } from '@coffre/config/api';
import { type ObjectBackend } from '@coffre/storage/backend';
import { type OpenedStorage } from '@coffre/storage/open-storage';
import { API_CONFIG } from '../config/api-config.module.js';
import { PrismaPlacementStore } from './prisma-placement-store.js';
import { STORAGE } from './storage.tokens.js';

/** How long a backend or the count may take; under the health route's own timeout. */
export const STORAGE_PROBE_TIMEOUT_MS = 800;

/** What the health route says of storage. */
export interface StorageHealth {
  /** `up` when backends in enough distinct jurisdictions answer for a write to reach its quorum. */
  readonly status: 'up' | 'down';
  readonly backendsReachable: number;
  readonly backendsConfigured: number;
  /** Objects with fewer sound copies than their layout asks for; null when it could not be counted. */
  readonly underReplicatedObjects: number | null;
}

/** Probes the storage backends, and counts under-replicated objects. */
@Injectable()
export class StorageHealthService {
  private readonly logger = new Logger('StorageHealth');

  constructor(
    @Inject(STORAGE) private readonly storage: OpenedStorage,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly placements: PrismaPlacementStore,
  ) {}

  /** Never throws; every probe runs at once and gives up after STORAGE_PROBE_TIMEOUT_MS. */
  async check(): Promise<StorageHealth> {
    const { backends } = this.storage;
    const [reachable, underReplicatedObjects] = await Promise.all([
      Promise.all(backends.map((backend) => this.#answers(backend))),
      withTimeout(this.placements.countUnderReplicated()).catch((error: unknown) => {
        this.logger.warn(`under-replicated objects not counted: ${messageOf(error)}`);
        return null;
      }),
    ]);
    const up = backends.filter((_, index) => reachable[index]);
    const jurisdictions = new Set(up.map((backend) => backend.jurisdiction)).size;
    return {
      status: jurisdictions >= this.config.storage.config.replication.writeQuorum ? 'up' : 'down',
      backendsReachable: up.length,
      backendsConfigured: backends.length,
      underReplicatedObjects,
    };
  }

  async #answers(backend: ObjectBackend): Promise<boolean> {
    try {
      await withTimeout(backend.list({ limit: 1 }));
      return true;
    } catch (error) {
      this.logger.warn(`storage backend ${backend.id} (${backend.jurisdiction}) unreachable: ${messageOf(error)}`);
      return false;
    }
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${STORAGE_PROBE_TIMEOUT_MS} ms`)), STORAGE_PROBE_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
