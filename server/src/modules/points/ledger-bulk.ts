import { Types } from 'mongoose';
import { clock } from '../../lib/clock';
import { insertManyUnique } from '../../lib/jobs/unique-insert';
import { inWriteLane } from '../../lib/jobs/write-lane';
import { inUpdateChunks } from '../../lib/jobs/bulk-write';
import { op } from '../../lib/query';
import { laneActive, post } from './ledger-lane';
import {
  entryDocument,
  plainLots,
  nextEntry,
  type AccountRef,
  type LedgerHead,
  type Posted,
  type PostedEntry,
  type Posting
} from './points-ledger';
import { PointsAccount, PointsEntry, entryId } from './points-ledger.model';
import { nextExpiryOf } from './points-lots';
import {
  forgetAccount,
  knownAccount,
  memoryGeneration,
  rememberAccount,
  stillValid,
  type StoredHints
} from './ledger-memory';

/**
 * Many postings with a business key each, over many accounts (an import batch's repair
 * orders): a handful of round trips for the whole batch instead of several per account.
 * One read of the keys already posted, one read of the account hints, one probe of their
 * heads, then the entries in layers — every account's next entry in one unordered insert,
 * then the next ones of the accounts whose entry went in. An account whose entry collides
 * (another writer appended, or posted the same key) leaves the bulk path: its remaining
 * postings go through its lane (`post`), which reads the head again and settles duplicates.
 * The ledger's guards are the same unique `_id` and source key; nothing here trusts a read.
 */

export interface BulkPosting {
  ref: AccountRef;
  posting: Posting & { sourceKey: string };
}

interface AccountWork {
  ref: AccountRef;
  items: Array<{ index: number; posting: BulkPosting['posting'] }>;
  head: LedgerHead;
  /** The account's stored hints; null: no account document yet (it is created with the hints of its last entry). */
  stored: StoredHints | null;
  last: PostedEntry | null;
}

/** Sequence numbers one probe reads (as readHead does), and how far a hint may lag and still be read in one probe. */
const PROBE = 8;
const HINT_LAG = PROBE - 2;
function remember(w: AccountWork): void {
  rememberAccount(w.ref.accountId, { head: w.head, stored: w.stored });
}

/**
 * Accounts whose head this process knows (ledger-memory.ts): one read of the numbers after
 * those heads, which finds nothing unless another writer appended meanwhile, and the memory's
 * mark checked beside it. Confirmed heads are taken as they are; the others are left to the probe.
 * The mark is checked even when nothing is known yet: the first check sets it up (forgetting
 * everything), and it must do that before this process learns heads, not after.
 * Also returns the memory's generation the check left (what this call may remember into).
 */
async function confirmKnownHeads(
  work: Map<string, AccountWork>
): Promise<{ confirmed: Set<string>; generation: number }> {
  // What this process knows now: a concurrent call may forget an account while the reads are out.
  const since = memoryGeneration();
  const known = [...work.values()].flatMap((w) => {
    const k = knownAccount(w.ref.accountId);
    return k && k.head.seq > 0 ? [{ w, ...k }] : [];
  });
  const [valid, taken] = await Promise.all([
    stillValid(since),
    known.length === 0
      ? []
      : PointsEntry.find(
          { _id: op.in(known.map(({ w, head }) => entryId(w.ref.accountId, head.seq + 1))) },
          { _id: 1 }
        ).lean()
  ]);
  const generation = memoryGeneration();
  const confirmed = new Set<string>();
  if (!valid) return { confirmed, generation };
  const appended = new Set(taken.map((e) => String(e._id)));
  for (const { w, head, stored } of known) {
    if (appended.has(entryId(w.ref.accountId, head.seq + 1))) continue;
    w.head = head;
    w.stored = stored;
    confirmed.add(w.ref.accountId);
  }
  return { confirmed, generation };
}

/** The stored hints of these accounts (one read). */
async function storedHintsOf(ids: readonly string[]): Promise<Array<StoredHints & { _id: Types.ObjectId }>> {
  if (ids.length === 0) return [];
  return PointsAccount.find(
    { _id: op.in(ids.map((id) => new Types.ObjectId(id))) },
    { headSeq: 1, nextExpiry: 1 }
  ).lean();
}

/**
 * The heads of many accounts: a known head confirmed, else the account's hints, then a probe
 * of a few sequence numbers from there, every account in one read per round (the highest
 * found is the head unless the whole probe is filled).
 */
async function readHeads(work: Map<string, AccountWork>): Promise<number> {
  // Known heads confirmed and unknown accounts' hints read at once; a known head that is not
  // confirmed (another writer appended, or it is not there at all) is read like an unknown one.
  const unknown = [...work.keys()].filter((id) => !knownAccount(id));
  const [{ confirmed, generation }, hints] = await Promise.all([
    confirmKnownHeads(work),
    storedHintsOf(unknown)
  ]);
  const wasUnknown = new Set(unknown);
  const stale = [...work.keys()].filter((id) => !wasUnknown.has(id) && !confirmed.has(id));
  hints.push(...(await storedHintsOf(stale)));
  // An account with no hints is first asked for its entry 1 alone (entries start at 1 and
  // leave no gaps): most of these are new accounts, and a one-id probe of each finds nothing.
  // One with entries after all goes on to the full probe from there.
  const from = new Map<string, { seq: number; width: number }>();
  for (const id of [...unknown, ...stale]) from.set(id, { seq: 1, width: 1 });
  for (const h of hints) {
    const w = work.get(String(h._id));
    if (!w) continue;
    w.stored = { headSeq: h.headSeq, nextExpiry: h.nextExpiry };
    from.set(w.ref.accountId, { seq: Math.max(1, h.headSeq), width: PROBE });
  }
  while (from.size > 0) {
    const ids = [...from].flatMap(([id, { seq, width }]) =>
      Array.from({ length: width }, (_, i) => entryId(id, seq + i))
    );
    const found = await PointsEntry.find(
      { _id: op.in(ids) },
      { accountId: 1, seq: 1, balanceAfter: 1, lots: 1 }
    ).lean();
    for (const e of found) {
      const w = work.get(String(e.accountId));
      if (w && e.seq > w.head.seq) w.head = { seq: e.seq, balance: e.balanceAfter, lots: plainLots(e.lots) };
    }
    for (const [id, { seq, width }] of [...from]) {
      const head = work.get(id)!.head.seq;
      if (head < seq + width - 1) from.delete(id);
      else from.set(id, { seq: head, width: PROBE });
    }
  }
  return generation;
}

const hintsOf = (entry: PostedEntry) => ({
  headSeq: entry.seq,
  balance: entry.balanceAfter,
  nextExpiry: nextExpiryOf(entry.lots)
});

/**
 * Whether an account's stored hints must move: its earliest expiry changed (the expiry job
 * finds accounts by it), or the head ran HINT_LAG or more entries ahead of the hint (so a
 * balance read stays one probe). Otherwise the write is saved: an update costs FerretDB
 * about twenty inserts, and an import would pay one per account per batch.
 */
const hintsDue = (w: AccountWork): boolean =>
  w.last !== null &&
  w.stored !== null &&
  (nextExpiryOf(w.last.lots) !== w.stored.nextExpiry || w.last.seq - w.stored.headSeq >= HINT_LAG);

/** Stores the hints of the accounts the bulk path wrote: new accounts inserted with them, others moved when due. */
async function writeHints(accounts: readonly AccountWork[]): Promise<void> {
  const fresh = accounts.filter((w) => w.last !== null && w.stored === null);
  const inserted = await insertManyUnique(
    PointsAccount,
    fresh.map((w) => ({
      _id: new Types.ObjectId(w.ref.accountId),
      dealershipId: new Types.ObjectId(w.ref.dealershipId),
      ...hintsOf(w.last!),
      createdAt: clock.now()
    }))
  );
  const toMove = [...accounts.filter(hintsDue), ...fresh.filter((_, i) => !inserted[i])];
  for (const w of [...fresh.filter((_, i) => inserted[i]), ...toMove]) {
    const { headSeq, nextExpiry } = hintsOf(w.last!);
    w.stored = { headSeq, nextExpiry };
  }
  await inUpdateChunks(toMove, (chunk) =>
    inWriteLane(() =>
      PointsAccount.collection.bulkWrite(
        chunk.map((w) => ({
          updateOne: {
            filter: { _id: new Types.ObjectId(w.ref.accountId), headSeq: { $lt: w.last!.seq } },
            update: { $set: hintsOf(w.last!) }
          }
        })),
        { ordered: false }
      )
    )
  );
}

/** The postings' source keys already in the ledger (one read). */
async function postedKeys(postings: readonly BulkPosting[]): Promise<Set<string>> {
  const keys = postings.map((p) => p.posting.sourceKey);
  const found = await PointsEntry.find({ sourceKey: op.in(keys) }, { sourceKey: 1 }).lean();
  return new Set(found.map((e) => e.sourceKey));
}

/**
 * Posts every posting once (its source key); the outcomes in the postings' order. Postings
 * of one account are stored in the order given.
 */
export async function postMany(
  postings: readonly BulkPosting[],
  /** `keysChecked`: the caller knows none of the keys is posted yet (a race is still caught by the index). */
  options: { keysChecked?: boolean } = {}
): Promise<Array<PromiseSettledResult<Posted>>> {
  const outcomes: Array<Posted | { refused: unknown }> = postings.map(() => ({
    entry: null,
    duplicate: true
  }));
  if (postings.length === 0) return [];
  const done = options.keysChecked ? new Set<string>() : await postedKeys(postings);
  const work = new Map<string, AccountWork>();
  const viaLane: number[] = [];
  postings.forEach((p, index) => {
    if (done.has(p.posting.sourceKey)) return;
    if (laneActive(p.ref.accountId)) return void viaLane.push(index);
    const w = work.get(p.ref.accountId) ?? {
      ref: p.ref,
      items: [],
      head: { seq: 0, balance: 0, lots: [] },
      stored: null,
      last: null
    };
    w.items.push({ index, posting: p.posting });
    work.set(p.ref.accountId, w);
  });
  // The memory generation the heads were read in: remembered only if nothing was forgotten since.
  const generation = work.size > 0 ? await readHeads(work) : memoryGeneration();
  const accounts = [...work.values()];
  let layer = accounts.filter((w) => w.items.length > 0);
  while (layer.length > 0) {
    const docs: Array<ReturnType<typeof entryDocument>> = [];
    const writers: Array<{ w: AccountWork; entry: PostedEntry | null; index: number }> = [];
    for (const w of layer) {
      const { index, posting } = w.items[0];
      try {
        const entry = nextEntry(w.head, posting.change, w.head.seq + 1);
        writers.push({ w, entry, index });
        if (entry) docs.push(entryDocument(w.ref, posting, entry, posting.sourceKey));
      } catch (err) {
        outcomes[index] = { refused: err };
        w.items.shift();
      }
    }
    const stored = await insertManyUnique(PointsEntry, docs);
    let doc = 0;
    for (const { w, entry, index } of writers) {
      if (!entry) {
        outcomes[index] = { entry: null, duplicate: false };
        w.items.shift();
        continue;
      }
      if (stored[doc++]) {
        outcomes[index] = { entry, duplicate: false };
        w.head = { seq: entry.seq, balance: entry.balanceAfter, lots: entry.lots };
        w.last = entry;
        w.items.shift();
      } else {
        // Another writer was first: this account's rest goes through its lane.
        viaLane.push(...w.items.map((i) => i.index));
        w.items = [];
      }
    }
    layer = layer.filter((w) => w.items.length > 0);
  }
  await writeHints(accounts);
  if (memoryGeneration() === generation) for (const w of accounts) remember(w);
  for (const index of viaLane) forgetAccount(postings[index].ref.accountId);
  const viaLaneSet = new Set(viaLane);
  return Promise.allSettled(
    outcomes.map((o, index) => {
      if (viaLaneSet.has(index)) return post(postings[index].ref, postings[index].posting);
      return 'refused' in o ? Promise.reject(o.refused) : Promise.resolve(o);
    })
  );
}
