import { Logger } from '@nestjs/common';
import { type OpenedStorage } from '@coffre/storage/open-storage';
import { afterEach, beforeEach, describe, expect, it, type Mocked, vi } from 'vitest';
import { strictMock } from '../../test/strict-mock.js';
import { ObjectPurgeService } from './object-purge.service.js';
import { type ObjectPurgesRepository } from './object-purges.repository.js';

const OBJECT = 'ab'.repeat(32);
const QUEUED_AT = new Date('2026-11-23T12:00:00.000Z');

type Store = OpenedStorage['store'];

describe(ObjectPurgeService.name, () => {
  let sut: ObjectPurgeService;
  let purges: Mocked<ObjectPurgesRepository>;
  let store: Mocked<Store>;

  beforeEach(() => {
    purges = strictMock<ObjectPurgesRepository>('ObjectPurgesRepository');
    store = strictMock<Store>('ReplicatedStore');
    sut = new ObjectPurgeService(purges, { store, backends: [], close: () => undefined } as unknown as OpenedStorage);
    vi.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  });
  afterEach(() => vi.restoreAllMocks());

  /** The store runs the condition as it would under the object's lock. */
  function storeHolding(present: boolean): void {
    store.delete.mockImplementation(async (_objectId, options) => present && (options?.onlyIf === undefined || (await options.onlyIf())));
  }

  it('deletes an object nothing refers to, then forgets the queue entry it read', async () => {
    purges.queuedAt.mockResolvedValue(QUEUED_AT);
    purges.isReferenced.mockResolvedValue(false);
    purges.forget.mockResolvedValue();
    storeHolding(true);

    await expect(sut.purge(OBJECT)).resolves.toBe('deleted');

    expect(store.delete).toHaveBeenCalledWith(OBJECT, { onlyIf: expect.any(Function) });
    expect(purges.forget).toHaveBeenCalledWith(OBJECT, QUEUED_AT);
  });

  it('keeps an object a part refers to again, and forgets the entry: a later removal queues it anew', async () => {
    purges.queuedAt.mockResolvedValue(QUEUED_AT);
    purges.isReferenced.mockResolvedValue(true);
    purges.forget.mockResolvedValue();
    storeHolding(true);

    await expect(sut.purge(OBJECT)).resolves.toBe('still-referenced');
    expect(purges.forget).toHaveBeenCalledWith(OBJECT, QUEUED_AT);
  });

  it('is done at once for an object no longer queued, and harmless for one already gone', async () => {
    purges.queuedAt.mockResolvedValueOnce(null);
    await expect(sut.purge(OBJECT)).resolves.toBe('not-queued');
    expect(store.delete).not.toHaveBeenCalled();

    purges.queuedAt.mockResolvedValue(QUEUED_AT);
    purges.forget.mockResolvedValue();
    storeHolding(false);
    await expect(sut.purge(OBJECT)).resolves.toBe('absent');
    expect(purges.forget).toHaveBeenCalledWith(OBJECT, QUEUED_AT);
  });

  it('keeps the queue entry when the deletion fails, so that the job is retried', async () => {
    purges.queuedAt.mockResolvedValue(QUEUED_AT);
    store.delete.mockRejectedValue(new Error('the object lock could not be taken'));
    await expect(sut.purge(OBJECT)).rejects.toThrow('the object lock could not be taken');
    expect(purges.forget).not.toHaveBeenCalled();
  });
});
