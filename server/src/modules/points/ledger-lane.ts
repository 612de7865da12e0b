import { AppError, isDuplicateKeyError } from '../../lib/errors';
import { op } from '../../lib/query';
import { PointsEntry } from './points-ledger.model';
import {
  advanceHints,
  alreadyPosted,
  entryDocument,
  generatedSourceKey,
  nextEntry,
  readHead,
  type AccountRef,
  type LedgerHead,
  type Posted,
  type PostedEntry,
  type Posting
} from './points-ledger';
import { expiredLots } from './points-lots';

/**
 * The account lane: one writer per account in this process, with group commit. Postings to
 * an account queue; the lane computes the next entries one after another from the head it
 * holds and stores them with one ordered insertMany. Between server instances the unique
 * `_id` (`<account>:<seq>`) still decides: when an insert collides, the entries before it
 * stand, and the rest are computed again from a freshly read head. An outcome (written,
 * refused for lack of points) is final only once every entry before it is stored.
 */

interface Queued {
  posting: Posting;
  sourceKey: string;
  resolve(posted: Posted): void;
  reject(err: unknown): void;
}

interface Lane {
  queue: Queued[];
  running: boolean;
  head: LedgerHead | null;
  unhinted: PostedEntry | null;
  collisions: number;
}

const MAX_BATCH = 200;
const MAX_COLLISIONS = 5_000;
const lanes = new Map<string, Lane>();

type Outcome = { posted: Posted } | { refused: unknown };

/** Business keys of the batch already in the ledger (one read per batch). */
async function postedAmong(batch: readonly Queued[]): Promise<Set<string>> {
  const keys = batch.filter((q) => q.posting.sourceKey).map((q) => q.sourceKey);
  if (keys.length === 0) return new Set();
  const found = await PointsEntry.find({ sourceKey: op.in(keys) }, { sourceKey: 1 }).lean();
  return new Set(found.map((e) => e.sourceKey));
}

/** Index of the first write that failed in an ordered insertMany (everything before it is stored). */
function failedIndex(err: unknown): number | null {
  const e = err as { writeErrors?: Array<{ index?: number }> | { index?: number }; index?: number };
  const list = Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : [];
  const index = list[0]?.index ?? e.index;
  return typeof index === 'number' ? index : null;
}

interface BatchResult {
  /** Postings whose outcome is final, with it. */
  settled: Array<[Queued, Outcome]>;
  /** Postings to compute again from a fresh head. */
  again: Queued[];
}

async function commitBatch(ref: AccountRef, lane: Lane, batch: Queued[]): Promise<BatchResult> {
  const done = await postedAmong(batch);
  let head = lane.head ?? (await readHead(ref));
  const outcomes: Outcome[] = [];
  const docs: Array<ReturnType<typeof entryDocument>> = [];
  const entries: PostedEntry[] = [];
  const docAt: number[] = []; // outcome index -> position of its document (or -1)
  for (const q of batch) {
    if (q.posting.sourceKey && done.has(q.sourceKey)) {
      outcomes.push({ posted: { entry: null, duplicate: true } });
      docAt.push(-1);
      continue;
    }
    try {
      const entry = nextEntry(head, q.posting.change, head.seq + 1);
      outcomes.push({ posted: { entry, duplicate: false } });
      if (entry) {
        docAt.push(docs.length);
        docs.push(entryDocument(ref, q.posting, entry, q.sourceKey));
        entries.push(entry);
        head = { seq: entry.seq, balance: entry.balanceAfter, lots: entry.lots };
      } else docAt.push(-1);
    } catch (err) {
      outcomes.push({ refused: err });
      docAt.push(-1);
    }
  }
  let stored = docs.length;
  if (docs.length > 0) {
    try {
      await PointsEntry.collection.insertMany(docs, { ordered: true });
    } catch (err) {
      const at = failedIndex(err);
      // Without the failing index we cannot tell which entries stand: fail rather than guess.
      if (!isDuplicateKeyError(err) || at === null) throw err;
      stored = at;
    }
  }
  // Hints only ever name a stored entry (a hint beyond the head would hide the head).
  if (stored > 0) lane.unhinted = entries[stored - 1];
  if (stored === docs.length) {
    lane.head = head;
    return { settled: batch.map((q, i) => [q, outcomes[i]]), again: [] };
  }
  // A collision at document `stored`: what came before it stands; the rest goes again.
  lane.head = null;
  if (++lane.collisions > MAX_COLLISIONS) throw new AppError(503, 'LEDGER_BUSY', '积分账户繁忙，请稍后重试');
  const firstRetry = docAt.findIndex((d) => d >= stored);
  const settled = batch.slice(0, firstRetry).map((q, i): [Queued, Outcome] => [q, outcomes[i]]);
  await new Promise((r) => setTimeout(r, Math.random() * 5));
  return { settled, again: batch.slice(firstRetry) };
}

function settle(q: Queued, outcome: Outcome): void {
  if ('refused' in outcome) q.reject(outcome.refused);
  else if (outcome.posted.duplicate && q.posting.sourceKey) {
    alreadyPosted(q.sourceKey).then((p) => q.resolve(p ?? outcome.posted), q.reject);
  } else q.resolve(outcome.posted);
}

async function drain(ref: AccountRef, lane: Lane): Promise<void> {
  try {
    for (;;) {
      while (lane.queue.length > 0) {
        const batch = lane.queue.splice(0, MAX_BATCH);
        try {
          const { settled, again } = await commitBatch(ref, lane, batch);
          lane.queue.unshift(...again);
          // The lane's last batch: the hints are current before anyone hears back.
          if (lane.queue.length === 0 && lane.unhinted) {
            const unhinted = lane.unhinted;
            lane.unhinted = null;
            await advanceHints(ref, unhinted);
          }
          for (const [q, outcome] of settled) settle(q, outcome);
        } catch (err) {
          lane.head = null;
          for (const q of batch) q.reject(err);
        }
      }
      const unhinted = lane.unhinted;
      lane.unhinted = null;
      if (unhinted) await advanceHints(ref, unhinted);
      // Postings that arrived while the hints were written are this lane's too.
      if (lane.queue.length === 0) break;
    }
  } finally {
    lanes.delete(ref.accountId);
    lane.running = false;
  }
}

/** Whether postings to this account are queued or being stored in this process right now. */
export const laneActive = (accountId: string): boolean => lanes.has(accountId);

/** Appends an entry for a business event through the account's lane; the same source key is posted once. */
export function post(ref: AccountRef, posting: Posting): Promise<Posted> {
  let lane = lanes.get(ref.accountId);
  if (!lane) {
    lane = { queue: [], running: false, head: null, unhinted: null, collisions: 0 };
    lanes.set(ref.accountId, lane);
  }
  const own = lane;
  return new Promise<Posted>((resolve, reject) => {
    own.queue.push({ posting, sourceKey: posting.sourceKey ?? generatedSourceKey(ref), resolve, reject });
    if (!own.running) {
      own.running = true;
      // Start on the next turn, so that postings made together are stored together.
      setImmediate(() => void drain(ref, own));
    }
  });
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
