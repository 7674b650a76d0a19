import { type RepairNeed, type RepairQueue } from '../../src/repair.js';

/** A repair queue that keeps what it is told, for tests to inspect. */
export class RecordingRepairQueue implements RepairQueue {
  readonly needs: RepairNeed[] = [];

  report(need: RepairNeed): void {
    this.needs.push(need);
  }
}
