import { Logger } from '@nestjs/common';
import { type RepairNeed } from '@coffre/storage/repair';
import { afterEach, beforeEach, describe, expect, it, type Mocked, vi } from 'vitest';
import { strictMock } from '../../test/strict-mock.js';
import { QueuedRepairs } from './queued-repairs.js';
import { type StorageQueues } from './storage-queues.js';

const need: RepairNeed = { kind: 'complete-placement', objectId: 'aa'.repeat(32), missing: 1 };
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe(QueuedRepairs.name, () => {
  let sut: QueuedRepairs;
  let queues: Mocked<StorageQueues>;
  let warn: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    queues = strictMock<StorageQueues>('StorageQueues');
    sut = new QueuedRepairs(queues);
    warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => vi.restoreAllMocks());

  it('hands the need to the queue', async () => {
    queues.enqueueRepair.mockResolvedValue();
    sut.report(need);
    await settle();
    expect(queues.enqueueRepair).toHaveBeenCalledWith(need);
    expect(warn).not.toHaveBeenCalled();
  });

  it('neither throws nor waits when the queue fails, and says what was not queued', async () => {
    queues.enqueueRepair.mockRejectedValue(new Error('Connection is closed.'));
    expect(() => sut.report(need)).not.toThrow();
    await settle();
    expect(warn).toHaveBeenCalledWith(`could not queue complete-placement of ${need.objectId} (1 missing): Connection is closed.`);
  });

  it('drops needs past a thousand waiting on an unreachable queue, saying so once', async () => {
    queues.enqueueRepair.mockReturnValue(new Promise(() => undefined));
    for (let index = 0; index < 1_005; index += 1) sut.report(need);
    expect(queues.enqueueRepair).toHaveBeenCalledTimes(1_000);
    expect(warn).toHaveBeenCalledOnce();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('dropping repair needs'));
  });
});
