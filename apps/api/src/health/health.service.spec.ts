import { Logger } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, type Mocked, vi } from 'vitest';
import { strictMock } from '../../test/strict-mock.js';
import { type StorageHealth, type StorageHealthService } from '../storage/storage-health.service.js';
import { API_VERSION } from '../version.js';
import { type HealthRepository } from './health.repository.js';
import { HEALTH_CHECK_TIMEOUT_MS, HealthService } from './health.service.js';

const STORAGE_UP: StorageHealth = { status: 'up', backendsReachable: 3, backendsConfigured: 3, underReplicatedObjects: 0 };
const STORAGE_DETAIL = { backendsReachable: 3, backendsConfigured: 3, underReplicatedObjects: 0 };

describe(HealthService.name, () => {
  let sut: HealthService;
  let repository: Mocked<HealthRepository>;
  let storage: Mocked<StorageHealthService>;
  let warn: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    repository = strictMock<HealthRepository>('HealthRepository');
    storage = strictMock<StorageHealthService>('StorageHealthService');
    storage.check.mockResolvedValue(STORAGE_UP);
    sut = new HealthService(repository, storage);
    warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('reports ok when the database, Redis and storage all answer', async () => {
    repository.pingDatabase.mockResolvedValue();
    repository.pingRedis.mockResolvedValue();

    await expect(sut.check()).resolves.toEqual({
      status: 'ok',
      version: API_VERSION,
      checks: { database: 'up', redis: 'up', storage: 'up' },
      storage: STORAGE_DETAIL,
    });
    expect(repository.pingDatabase).toHaveBeenCalledOnce();
    expect(repository.pingRedis).toHaveBeenCalledOnce();
    expect(storage.check).toHaveBeenCalledOnce();
    expect(warn).not.toHaveBeenCalled();
  });

  it('reports down when storage cannot reach a write quorum, with what it found', async () => {
    repository.pingDatabase.mockResolvedValue();
    repository.pingRedis.mockResolvedValue();
    storage.check.mockResolvedValue({ status: 'down', backendsReachable: 1, backendsConfigured: 3, underReplicatedObjects: 12 });

    await expect(sut.check()).resolves.toEqual({
      status: 'down',
      version: API_VERSION,
      checks: { database: 'up', redis: 'up', storage: 'down' },
      storage: { backendsReachable: 1, backendsConfigured: 3, underReplicatedObjects: 12 },
    });
  });

  it('marks the database down when its ping fails, and logs why', async () => {
    repository.pingDatabase.mockRejectedValue(new Error('connection refused'));
    repository.pingRedis.mockResolvedValue();

    await expect(sut.check()).resolves.toEqual({
      status: 'down',
      version: API_VERSION,
      checks: { database: 'down', redis: 'up', storage: 'up' },
      storage: STORAGE_DETAIL,
    });
    expect(warn).toHaveBeenCalledWith('health check database failed: connection refused');
  });

  it('marks Redis down when its ping fails', async () => {
    repository.pingDatabase.mockResolvedValue();
    repository.pingRedis.mockRejectedValue(new Error('ECONNREFUSED'));

    await expect(sut.check()).resolves.toEqual({
      status: 'down',
      version: API_VERSION,
      checks: { database: 'up', redis: 'down', storage: 'up' },
      storage: STORAGE_DETAIL,
    });
  });

  it('marks both down when neither answers', async () => {
    repository.pingDatabase.mockRejectedValue(new Error('down'));
    repository.pingRedis.mockRejectedValue('not even an Error');

    const report = await sut.check();

    expect(report.status).toBe('down');
    expect(report.checks).toEqual({ database: 'down', redis: 'down', storage: 'up' });
    expect(warn).toHaveBeenCalledWith('health check redis failed: not even an Error');
  });

  it('gives up on a dependency that hangs, after the timeout and not before', async () => {
    vi.useFakeTimers();
    repository.pingDatabase.mockReturnValue(new Promise<void>(() => undefined));
    repository.pingRedis.mockResolvedValue();

    let settled = false;
    const pending = sut.check().finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(HEALTH_CHECK_TIMEOUT_MS - 1);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);

    await expect(pending).resolves.toMatchObject({ status: 'down', checks: { database: 'down', redis: 'up' } });
    expect(warn).toHaveBeenCalledWith(`health check database failed: no answer within ${HEALTH_CHECK_TIMEOUT_MS} ms`);
  });

  it('probes both dependencies at once, so two hangs cost one timeout', async () => {
    vi.useFakeTimers();
    repository.pingDatabase.mockReturnValue(new Promise<void>(() => undefined));
    repository.pingRedis.mockReturnValue(new Promise<void>(() => undefined));

    const pending = sut.check();
    await vi.advanceTimersByTimeAsync(HEALTH_CHECK_TIMEOUT_MS);

    await expect(pending).resolves.toMatchObject({ checks: { database: 'down', redis: 'down' } });
  });

  it('does not leave a late failure unhandled once the timeout has answered', async () => {
    vi.useFakeTimers();
    let failLate: (error: Error) => void = () => undefined;
    repository.pingDatabase.mockReturnValue(new Promise<void>((_, reject) => (failLate = reject)));
    repository.pingRedis.mockResolvedValue();
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const pending = sut.check();
      await vi.advanceTimersByTimeAsync(HEALTH_CHECK_TIMEOUT_MS);
      await pending;
      vi.useRealTimers();
      failLate(new Error('too late'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
