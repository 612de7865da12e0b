import type { CallRecord } from '../types';

/** Every protocol call the sandbox answered, newest last, at most `max` of them. */
export class CallLog {
  private log: CallRecord[] = [];
  private nextCallSeq = 1;

  constructor(private readonly max: number) {}

  record(call: Omit<CallRecord, 'seq'>): CallRecord {
    const rec: CallRecord = { ...call, seq: this.nextCallSeq++ };
    this.log.push(rec);
    if (this.log.length > this.max) this.log.splice(0, this.log.length - this.max);
    return rec;
  }

  list(filter: { path?: string } = {}): CallRecord[] {
    return this.log
      .filter((c) => filter.path === undefined || c.path === filter.path)
      .map((c) => structuredClone(c));
  }

  clear(): void {
    this.log = [];
  }
}
