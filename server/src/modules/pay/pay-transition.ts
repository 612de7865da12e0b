import type { Types } from 'mongoose';
import type { PayOrderState } from '@dealer/shared';
import { clock } from '../../lib/clock';
import { isDuplicateKeyError } from '../../lib/errors';
import { PayOrder, PayTransition } from './pay-order.model';

/**
 * The order's state machine, guarded the project's way: insert `<orderId>:<from>` (unique),
 * then set the state conditionally. `moved`: this caller made the change; `already`: another
 * caller made the same change (both go on to the idempotent follow-up work); `lost`: the state
 * was left for another one (e.g. closed while this one wanted paid).
 */

export type TransitionOutcome = 'moved' | 'already' | 'lost';

export const transitionId = (orderId: Types.ObjectId | string, from: PayOrderState) =>
  `${String(orderId)}:${from}`;

/** Writes a claimed transition onto the order (again after a crash: harmless). */
export async function applyTransition(t: {
  orderId: Types.ObjectId;
  from: string;
  to: string;
  set?: Record<string, unknown> | null;
}): Promise<void> {
  await PayOrder.updateOne({ _id: t.orderId, state: t.from }, { $set: { ...(t.set ?? {}), state: t.to } });
}

export async function transition(
  orderId: Types.ObjectId,
  from: PayOrderState,
  to: PayOrderState,
  set: Record<string, unknown> = {}
): Promise<TransitionOutcome> {
  const _id = transitionId(orderId, from);
  try {
    await PayTransition.create({ _id, orderId, from, to, set, at: clock.now() });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const taken = await PayTransition.findById(_id).lean();
    if (taken?.to !== to) return 'lost';
    await applyTransition({ ...taken, set: taken.set as Record<string, unknown> });
    return 'already';
  }
  await applyTransition({ orderId, from, to, set });
  return 'moved';
}

/** Where the order went from `from`, if it left it. */
export async function leftTo(orderId: Types.ObjectId, from: PayOrderState): Promise<PayOrderState | null> {
  const t = await PayTransition.findById(transitionId(orderId, from), { to: 1 }).lean();
  return (t?.to as PayOrderState | undefined) ?? null;
}
