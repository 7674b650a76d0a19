import { Logger } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, type Mocked, vi } from 'vitest';
import { strictMock } from '../../test/strict-mock.js';
import { type FileVersionsRepository } from '../files/file-versions.repository.js';
import { type DriveQueues } from './drive-queues.js';
import { DriveSweepService } from './drive-sweep.service.js';
import { type ObjectPurgesRepository } from './object-purges.repository.js';
import { type OrphanScanCursorRepository } from './orphan-scan-cursor.repository.js';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const object = (index: number) => index.toString(16).padStart(64, '0');

describe(DriveSweepService.name, () => {
  let sut: DriveSweepService;
  let versions: Mocked<FileVersionsRepository>;
  let purges: Mocked<ObjectPurgesRepository>;
  let queues: Mocked<DriveQueues>;
  let cursor: Mocked<OrphanScanCursorRepository>;

  beforeEach(() => {
    versions = strictMock<FileVersionsRepository>('FileVersionsRepository');
    purges = strictMock<ObjectPurgesRepository>('ObjectPurgesRepository');
    queues = strictMock<DriveQueues>('DriveQueues');
    cursor = strictMock<OrphanScanCursorRepository>('OrphanScanCursorRepository');
    sut = new DriveSweepService(versions, purges, queues, cursor);
    queues.enqueuePurges.mockResolvedValue();
    cursor.after.mockResolvedValue(null);
    cursor.moveTo.mockResolvedValue();
    purges.queueOrphans.mockResolvedValue({ queued: [], next: null });
    vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => vi.restoreAllMocks());

  it('abandons expired uploads batch by batch until a batch comes back short, queueing their parts', async () => {
    versions.collectExpiredUploads
      .mockResolvedValueOnce({ uploads: 100, purged: [object(1), object(2)] })
      .mockResolvedValueOnce({ uploads: 7, purged: [object(3)] });
    purges.queuedBefore.mockResolvedValue([]);

    await expect(sut.sweep(NOW)).resolves.toEqual({ expiredUploads: 107, purgesQueued: 0, orphansQueued: 0 });

    expect(versions.collectExpiredUploads).toHaveBeenCalledTimes(2);
    expect(versions.collectExpiredUploads).toHaveBeenCalledWith(NOW, 100);
    expect(queues.enqueuePurges).toHaveBeenCalledWith([object(1), object(2)]);
    expect(queues.enqueuePurges).toHaveBeenCalledWith([object(3)]);
  });

  it('queues again the purges queued more than five minutes ago, whose jobs were lost', async () => {
    versions.collectExpiredUploads.mockResolvedValue({ uploads: 0, purged: [] });
    purges.queuedBefore.mockResolvedValue([object(9)]);

    await expect(sut.sweep(NOW)).resolves.toEqual({ expiredUploads: 0, purgesQueued: 1, orphansQueued: 0 });

    expect(purges.queuedBefore).toHaveBeenCalledWith(new Date(NOW.getTime() - 5 * 60 * 1000), 10_000);
    expect(queues.enqueuePurges).toHaveBeenCalledWith([object(9)]);
  });

  it('scans a slice of the stored objects for orphans an hour old from where the last sweep stopped, and moves on', async () => {
    versions.collectExpiredUploads.mockResolvedValue({ uploads: 0, purged: [] });
    purges.queuedBefore.mockResolvedValue([]);
    cursor.after.mockResolvedValue(object(40));
    purges.queueOrphans.mockResolvedValue({ queued: [object(41), object(45)], next: object(50) });

    await expect(sut.sweep(NOW)).resolves.toEqual({ expiredUploads: 0, purgesQueued: 0, orphansQueued: 2 });

    expect(purges.queueOrphans).toHaveBeenCalledWith(object(40), new Date(NOW.getTime() - 3600 * 1000), 10_000);
    expect(queues.enqueuePurges).toHaveBeenLastCalledWith([object(41), object(45)]);
    expect(cursor.moveTo).toHaveBeenCalledWith(object(50));
  });

  it('leaves the cursor where it was when queueing the orphans fails, so the next sweep looks again', async () => {
    versions.collectExpiredUploads.mockResolvedValue({ uploads: 0, purged: [] });
    purges.queuedBefore.mockResolvedValue([]);
    purges.queueOrphans.mockRejectedValue(new Error('database gone'));

    await expect(sut.sweep(NOW)).rejects.toThrow('database gone');

    expect(cursor.moveTo).not.toHaveBeenCalled();
  });
});
