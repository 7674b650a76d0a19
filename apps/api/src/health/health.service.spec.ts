import { Logger } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, type Mocked, vi } from 'vitest';
import { strictMock } from '../../test/strict-mock.js';
import { API_VERSION } from '../version.js';
import { type HealthRepository } from './health.repository.js';
import { HEALTH_CHECK_TIMEOUT_MS, HealthService } from './health.service.js';

describe(HealthService.name, () => {
  let sut: HealthService;
  let repository: Mocked<HealthRepository>;
  let warn: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    repository = strictMock<HealthRepository>('HealthRepository');
    sut = new HealthService(repository);
    warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('reports ok when the database and Redis both answer', async () => {
    repository.pingDatabase.mockResolvedValue();
    repository.pingRedis.mockResolvedValue();

    await expect(sut.check()).resolves.toEqual({
      status: 'ok',
      version: API_VERSION,
      checks: { database: 'up', redis: 'up' },
    });
    expect(repository.pingDatabase).toHaveBeenCalledOnce();
    expect(repository.pingRedis).toHaveBeenCalledOnce();
    expect(warn).not.toHaveBeenCalled();
  });

  it('marks the database down when its ping fails, and logs why', async () => {
    repository.pingDatabase.mockRejectedValue(new Error('connection refused'));
    repository.pingRedis.mockResolvedValue();

    await expect(sut.check()).resolves.toEqual({
      status: 'down',
      version: API_VERSION,
      checks: { database: 'down', redis: 'up' },
    });
    expect(warn).toHaveBeenCalledWith('health check database failed: connection refused');
  });

  it('marks Redis down when its ping fails', async () => {
    repository.pingDatabase.mockResolvedValue();
    repository.pingRedis.mockRejectedValue(new Error('ECONNREFUSED'));

    await expect(sut.check()).resolves.toEqual({
      status: 'down',
      version: API_VERSION,
      checks: { database: 'up', redis: 'down' },
    });
  });

  it('marks both down when neither answers', async () => {
    repository.pingDatabase.mockRejectedValue(new Error('down'));
    repository.pingRedis.mockRejectedValue('not even an Error');

    const report = await sut.check();

    expect(report.status).toBe('down');
    expect(report.checks).toEqual({ database: 'down', redis: 'down' });
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
