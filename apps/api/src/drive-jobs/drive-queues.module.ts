import { Module } from '@nestjs/common';
import { DriveQueues } from './drive-queues.js';

/** The drive's job queues, for every feature that removes versions (and so queues purges). */
@Module({
  providers: [DriveQueues],
  exports: [DriveQueues],
})
export class DriveQueuesModule {}
