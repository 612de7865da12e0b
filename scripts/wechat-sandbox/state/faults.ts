import { SandboxControlError } from '../errors';
import type { ActiveFault, FaultMode, FaultSpec } from '../types';

/** Scripted answers of protocol calls: for a path, the next `times` calls fail as told. */

const FAULT_MODES: readonly FaultMode[] = ['errcode', 'http5xx', 'delay'];

function checkedFault(spec: FaultSpec): Omit<ActiveFault, 'id'> {
  if (typeof spec.path !== 'string' || !spec.path.startsWith('/') || spec.path.includes('?')) {
    throw new SandboxControlError('fault path: give a protocol path such as /sns/jscode2session');
  }
  if (!FAULT_MODES.includes(spec.mode))
    throw new SandboxControlError('fault mode: errcode, http5xx or delay');
  const times = spec.times ?? 1;
  if (!Number.isInteger(times) || times < 1)
    throw new SandboxControlError('fault times must be a positive integer');
  const status = spec.status ?? 500;
  if (!Number.isInteger(status) || status < 500 || status > 599)
    throw new SandboxControlError('fault status must be 500-599');
  const errcode = spec.errcode ?? -1;
  if (!Number.isInteger(errcode)) throw new SandboxControlError('fault errcode must be an integer');
  const delayMs = spec.delayMs ?? 10_000;
  if (!Number.isFinite(delayMs) || delayMs < 0) throw new SandboxControlError('fault delayMs must be >= 0');
  return {
    path: spec.path,
    mode: spec.mode,
    errcode,
    errmsg: spec.errmsg,
    status,
    delayMs,
    times,
    remaining: times
  };
}

export class FaultQueue {
  private queue: ActiveFault[] = [];
  private nextFaultId = 1;

  add(spec: FaultSpec): ActiveFault {
    const fault: ActiveFault = { id: this.nextFaultId++, ...checkedFault(spec) };
    this.queue.push(fault);
    return { ...fault };
  }

  list(): ActiveFault[] {
    return this.queue.map((f) => ({ ...f }));
  }

  clear(path?: string): void {
    this.queue = path === undefined ? [] : this.queue.filter((f) => f.path !== path);
  }

  take(path: string): ActiveFault | undefined {
    const i = this.queue.findIndex((f) => f.path === path);
    if (i < 0) return undefined;
    const f = this.queue[i];
    f.remaining -= 1;
    if (f.remaining <= 0) this.queue.splice(i, 1);
    return { ...f };
  }
}
