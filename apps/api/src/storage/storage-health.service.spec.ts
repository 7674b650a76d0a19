import { Logger } from '@nestjs/common';
import { type ApiConfig } from '@coffre/config/api';
import { type ObjectBackend } from '@coffre/storage/backend';
import { type OpenedStorage } from '@coffre/storage/open-storage';
import { afterEach, beforeEach, describe, expect, it, type Mocked, vi } from 'vitest';
import { strictMock } from '../../test/strict-mock.js';
import { type PrismaPlacementStore } from './prisma-placement-store.js';
import { STORAGE_PROBE_TIMEOUT_MS, StorageHealthService } from './storage-health.service.js';

/** A backend whose listing answers, fails or hangs, as the test says. */
function backend(id: string, jurisdiction: string, answer: 'up' | 'down' | 'hangs'): ObjectBackend {
  const list = { up: () => Promise.resolve({ keys: [] }), down: () => Promise.reject(new Error('ECONNREFUSED')), hangs: () => new Promise(() => undefined) }[answer];
  return { id, jurisdiction, list } as unknown as ObjectBackend;
}

const config = { storage: { config: { replication: { copies: 3, writeQuorum: 2 } } } } as unknown as ApiConfig;

describe(StorageHealthService.name, () => {
  let placements: Mocked<PrismaPlacementStore>;

  const sutWith = (backends: ObjectBackend[]) => new StorageHealthService({ backends } as unknown as OpenedStorage, config, placements);

  beforeEach(() => {
    placements = strictMock<PrismaPlacementStore>('PrismaPlacementStore');
    placements.countUnderReplicated.mockResolvedValue(4);
    vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('is up while backends in as many jurisdictions as the write quorum answer', async () => {
    const sut = sutWith([backend('a', 'ch', 'up'), backend('b', 'is', 'down'), backend('c', 'eu', 'up')]);
    await expect(sut.check()).resolves.toEqual({ status: 'up', backendsReachable: 2, backendsConfigured: 3, underReplicatedObjects: 4 });
  });

  it('counts jurisdictions, not backends: two answering in one jurisdiction make no quorum of two', async () => {
    const sut = sutWith([backend('a1', 'ch', 'up'), backend('a2', 'ch', 'up'), backend('c', 'eu', 'down')]);
    await expect(sut.check()).resolves.toMatchObject({ status: 'down', backendsReachable: 2 });
  });

  it('gives up on a backend or a count that hangs, after the timeout', async () => {
    vi.useFakeTimers();
    placements.countUnderReplicated.mockReturnValue(new Promise(() => undefined));
    const sut = sutWith([backend('a', 'ch', 'up'), backend('b', 'is', 'hangs')]);
    const pending = sut.check();
    await vi.advanceTimersByTimeAsync(STORAGE_PROBE_TIMEOUT_MS);
    await expect(pending).resolves.toEqual({ status: 'down', backendsReachable: 1, backendsConfigured: 2, underReplicatedObjects: null });
  });
});
