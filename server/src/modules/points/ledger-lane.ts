import {
  advanceHints,
  appendEntry,
  readHead,
  type AccountRef,
  type LaneMemo,
  type Posted,
  type Posting
} from './points-ledger';
import { expiredLots } from './points-lots';

interface Lane extends LaneMemo {
  tail: Promise<unknown>;
  queued: number;
}

const lanes = new Map<string, Lane>();

/**
 * One append at a time per account in this process: a thousand requests on one account
 * would otherwise all read the same head and all but one retry, round after round. In the
 * lane each append starts from the head the previous one wrote (no read), and the account's
 * hints are written once when the lane drains. The lane only saves work: between server
 * instances the unique `_id` still decides, and a collision re-reads the head.
 */
export function post(ref: AccountRef, posting: Posting): Promise<Posted> {
  let lane = lanes.get(ref.accountId);
  if (!lane) {
    lane = { tail: Promise.resolve(), queued: 0, head: null, unhinted: null };
    lanes.set(ref.accountId, lane);
  }
  const own = lane;
  own.queued++;
  const work = async () => {
    try {
      return await appendEntry(ref, posting, own);
    } finally {
      own.queued--;
      if (own.queued === 0) {
        lanes.delete(ref.accountId);
        if (own.unhinted) await advanceHints(ref, own.unhinted);
      }
    }
  };
  const run = own.tail.then(work, work);
  own.tail = run.then(
    () => undefined,
    () => undefined
  );
  return run;
}

/** Writes an expiry entry for every lot of the account that expired before `today`, once each. */
export async function expireLots(ref: AccountRef, today: string): Promise<number> {
  const head = await readHead(ref);
  let expired = 0;
  for (const lot of expiredLots(head.lots, today)) {
    const posted = await post(ref, {
      kind: 'expire',
      source: 'expiry',
      reason: `积分到期（${lot.expiresOn}）`,
      change: { type: 'expire', lot: lot.lot },
      sourceKey: `${ref.dealershipId}:expire:${ref.accountId}:${lot.lot}`
    });
    if (posted.entry && !posted.duplicate) expired += -posted.entry.delta;
  }
  return expired;
}
