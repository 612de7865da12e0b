import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import type { POINTS_ENTRY_KINDS, POINTS_SOURCES } from '@dealer/shared';
import { clock } from '../../lib/clock';
import { AppError, isDuplicateKeyError, unprocessable } from '../../lib/errors';
import { PointsAccount, PointsEntry, entryId } from './points-ledger.model';
import { addToLots, nextExpiryOf, sumOfLots, takeFromLots, type Lot } from './points-lots';
import { op } from '../../lib/query';

/**
 * The points ledger. Appending is optimistic: read the latest entry, compute the next one,
 * insert it as seq + 1; the unique `_id` lets exactly one of two concurrent writers win and
 * the other re-reads and retries. A balance therefore never changes without an entry and
 * never goes negative, on FerretDB as on MongoDB, without transactions.
 */

export interface AccountRef {
  accountId: string;
  dealershipId: string;
}

export interface LedgerHead {
  seq: number;
  balance: number;
  lots: Lot[];
}

export type LedgerChange =
  | { type: 'credit'; points: number; expiresOn: string | null }
  /** A refund: the lots a debit took, given back with their own expiry. */
  | { type: 'restore'; lots: readonly Lot[] }
  /** `partial`: take what there is (a reversed repair order must not push the balance below 0). */
  | { type: 'debit'; points: number; partial?: boolean }
  | { type: 'expire'; lot: string };

export interface Posting {
  kind: (typeof POINTS_ENTRY_KINDS)[number];
  source: (typeof POINTS_SOURCES)[number];
  reason: string;
  change: LedgerChange;
  /** `<dealershipId>:<kind>:<key>` of the business event; generated when there is none. */
  sourceKey?: string;
  sourceRef?: string | null;
  sourcePoints?: number | null;
  by?: { id: string; name: string } | null;
}

export interface PostedEntry {
  seq: number;
  delta: number;
  balanceAfter: number;
  lots: Lot[];
  consumed: Lot[];
}

/** The outcome of a posting: the entry written, or the one that already carried its source key. */
export interface Posted {
  entry: PostedEntry | null;
  duplicate: boolean;
}

const PROBE = 8;
const MAX_ATTEMPTS = 5_000;
const EMPTY_HEAD: LedgerHead = { seq: 0, balance: 0, lots: [] };

export const insufficientPoints = () => unprocessable('INSUFFICIENT_POINTS', '积分不足');

/** Stored lots as plain values (a missing list is empty: entries leave out an empty `consumed`). */
export const plainLots = (
  lots: ReadonlyArray<{ lot: string; expiresOn?: string | null; remaining: number }> | null | undefined
): Lot[] => (lots ?? []).map((l) => ({ lot: l.lot, expiresOn: l.expiresOn ?? null, remaining: l.remaining }));

async function ensureAccount(ref: AccountRef): Promise<number> {
  const account = await PointsAccount.findById(ref.accountId, { headSeq: 1 }).lean();
  if (account) return account.headSeq;
  try {
    await PointsAccount.create({
      _id: new Types.ObjectId(ref.accountId),
      dealershipId: new Types.ObjectId(ref.dealershipId),
      headSeq: 0,
      balance: 0,
      nextExpiry: 'none',
      createdAt: clock.now()
    });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
  return 0;
}

/**
 * The latest entry: from the account's hint, probe a few sequence numbers by `_id` (the
 * sequence has no gaps, so the highest found is the head unless the whole probe is filled).
 * O(1) reads whatever the ledger's length.
 */
export async function readHead(ref: AccountRef): Promise<LedgerHead> {
  let from = await ensureAccount(ref);
  let head = EMPTY_HEAD;
  for (;;) {
    const ids = Array.from({ length: PROBE }, (_, i) => entryId(ref.accountId, from + i));
    const found = await PointsEntry.find({ _id: op.in(ids) }, { seq: 1, balanceAfter: 1, lots: 1 }).lean();
    for (const e of found) {
      if (e.seq > head.seq) head = { seq: e.seq, balance: e.balanceAfter, lots: plainLots(e.lots) };
    }
    if (head.seq < from + PROBE - 1) return head;
    from = head.seq;
  }
}

/** The next entry's numbers, or null when there is nothing to write (a lot already gone). */
export function nextEntry(head: LedgerHead, change: LedgerChange, seq: number): PostedEntry | null {
  const base = { seq, consumed: [] as Lot[] };
  switch (change.type) {
    case 'credit': {
      const lots = addToLots(head.lots, {
        lot: String(seq),
        expiresOn: change.expiresOn,
        remaining: change.points
      });
      return { ...base, delta: change.points, balanceAfter: head.balance + change.points, lots };
    }
    case 'restore': {
      const given = change.lots.map((l, i) => ({ ...l, lot: `${seq}.${i + 1}` }));
      const delta = sumOfLots(given);
      return {
        ...base,
        delta,
        balanceAfter: head.balance + delta,
        lots: given.reduce<Lot[]>(addToLots, head.lots)
      };
    }
    case 'debit': {
      const amount = change.partial ? Math.min(change.points, head.balance) : change.points;
      const taken = takeFromLots(head.lots, amount);
      if (!taken) throw insufficientPoints();
      return {
        seq,
        delta: -amount,
        balanceAfter: head.balance - amount,
        lots: taken.lots,
        consumed: taken.consumed
      };
    }
    case 'expire': {
      const lot = head.lots.find((l) => l.lot === change.lot);
      if (!lot) return null;
      const lots = head.lots.filter((l) => l.lot !== change.lot);
      return {
        seq,
        delta: -lot.remaining,
        balanceAfter: head.balance - lot.remaining,
        lots,
        consumed: [lot]
      };
    }
  }
}

export async function alreadyPosted(sourceKey: string): Promise<Posted | null> {
  const e = await PointsEntry.findOne(
    { sourceKey },
    { seq: 1, delta: 1, balanceAfter: 1, lots: 1, consumed: 1 }
  ).lean();
  if (!e) return null;
  return {
    duplicate: true,
    entry: {
      seq: e.seq,
      delta: e.delta,
      balanceAfter: e.balanceAfter,
      lots: plainLots(e.lots),
      consumed: plainLots(e.consumed)
    }
  };
}

/** Moves the account's hints forward (never back: a slower writer's older head is ignored). */
export async function advanceHints(ref: AccountRef, entry: PostedEntry): Promise<void> {
  await PointsAccount.updateOne(
    { _id: new Types.ObjectId(ref.accountId), headSeq: op.lt(entry.seq) },
    { $set: { headSeq: entry.seq, balance: entry.balanceAfter, nextExpiry: nextExpiryOf(entry.lots) } }
  );
}

/**
 * The stored entry. Inserted with the driver, not `create`: the document is built here, fully
 * typed, and the hot path skips mongoose's hydration and validation (most of a burst's CPU).
 * Fields with nothing to say are left out (a credit consumes no lots; most entries have no
 * staff member and no business record): FerretDB's cost of an insert grows with the fields,
 * and an import writes one entry per repair order. Readers take a missing field as its empty
 * value (`plainLots`, the schema's defaults).
 */
export function entryDocument(ref: AccountRef, posting: Posting, entry: PostedEntry, sourceKey: string) {
  return {
    _id: entryId(ref.accountId, entry.seq) as unknown as Types.ObjectId,
    accountId: new Types.ObjectId(ref.accountId),
    dealershipId: new Types.ObjectId(ref.dealershipId),
    seq: entry.seq,
    kind: posting.kind,
    source: posting.source,
    delta: entry.delta,
    balanceAfter: entry.balanceAfter,
    lots: entry.lots,
    ...(entry.consumed.length > 0 ? { consumed: entry.consumed } : {}),
    reason: posting.reason,
    sourceKey,
    ...(posting.sourceRef ? { sourceRef: posting.sourceRef } : {}),
    ...(posting.sourcePoints !== undefined && posting.sourcePoints !== null
      ? { sourcePoints: posting.sourcePoints }
      : {}),
    ...(posting.by ? { byStaffId: new Types.ObjectId(posting.by.id), byName: posting.by.name } : {}),
    at: clock.now()
  };
}

export const generatedSourceKey = (ref: AccountRef) => `${ref.dealershipId}:entry:${randomUUID()}`;

const backoff = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * Math.min(attempt, 20)));

/**
 * Appends one entry for a business event; the same source key is posted once, whoever races.
 * Correct on its own across processes (the unique `_id` and source key); `post` adds the
 * per-process lane in front of it.
 */
export async function appendEntry(ref: AccountRef, posting: Posting): Promise<Posted> {
  const businessKey = posting.sourceKey;
  if (businessKey) {
    const done = await alreadyPosted(businessKey);
    if (done) return done;
  }
  const sourceKey = businessKey ?? generatedSourceKey(ref);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const head = await readHead(ref);
    const entry = nextEntry(head, posting.change, head.seq + 1);
    if (!entry) return { entry: null, duplicate: false };
    try {
      await PointsEntry.collection.insertOne(entryDocument(ref, posting, entry, sourceKey));
      await advanceHints(ref, entry);
      return { entry, duplicate: false };
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      if (businessKey) {
        const done = await alreadyPosted(businessKey);
        if (done) return done;
      }
      await backoff(attempt);
    }
  }
  throw new AppError(503, 'LEDGER_BUSY', '积分账户繁忙，请稍后重试');
}
