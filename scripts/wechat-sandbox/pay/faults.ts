import { SandboxControlError } from '../errors';
import type { ActivePayFault, PayFaultKind, PayFaultSpec } from './types';

/** Scripted pay faults: the next `times` calls to a /v3 path (or route template), or notifications. */

const FAULT_KINDS: readonly PayFaultKind[] = ['5xx', 'timeout', 'bad-signature'];

function controlError(message: string): never {
  throw new SandboxControlError(message);
}

export class PayFaultQueue {
  private queue: ActivePayFault[] = [];
  private nextFaultId = 1;

  add(spec: PayFaultSpec): ActivePayFault {
    if (typeof spec.path !== 'string' || (spec.path !== 'notify' && !spec.path.startsWith('/v3/')))
      controlError('fault path: give a /v3/... path or route template, or "notify"');
    if (!FAULT_KINDS.includes(spec.kind)) controlError(`fault kind must be one of ${FAULT_KINDS.join(', ')}`);
    if (spec.path === 'notify' && spec.kind !== 'bad-signature')
      controlError('notify faults: only bad-signature');
    const times = spec.times ?? 1;
    const delayMs = spec.delayMs ?? 10_000;
    if (!Number.isInteger(times) || times < 1) controlError('times must be a positive integer');
    if (!Number.isFinite(delayMs) || delayMs < 0) controlError('delayMs must be a non-negative number');
    const fault: ActivePayFault = { ...spec, times, delayMs, id: this.nextFaultId++, remaining: times };
    this.queue.push(fault);
    return { ...fault };
  }

  list(): ActivePayFault[] {
    return this.queue.map((f) => ({ ...f }));
  }

  clear(): void {
    this.queue = [];
  }

  /** The next fault for this request path or its route template (counts the call against it). */
  take(path: string, template: string): ActivePayFault | undefined {
    const fault = this.queue.find((f) => f.path === path || f.path === template);
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.queue = this.queue.filter((f) => f !== fault);
    return { ...fault };
  }
}
