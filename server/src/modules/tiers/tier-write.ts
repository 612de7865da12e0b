import { Types } from 'mongoose';
import type { Collection } from 'mongodb';
import { buildTierHistory, type TierAssignment } from '@dealer/shared/domain/tiers';
import { clock } from '../../lib/clock';
import {
  currentTierOverrides,
  writeDerivedFields,
  type DerivedFieldsUpdate
} from '../customers/customer-derived-fields';
import type { StoredTier } from './tier-inputs';
import { TierHistory, TierReasonBucket } from './tier.model';

/**
 * The writes of a run, cheapest first. On FerretDB an insert costs a fraction of an update
 * (an update is a read-modify-write of the whole document), so reasons and history are
 * inserted in batches and only customers whose stored tier, computed tier or score changed
 * are updated, by `_id`, in small bulk commands (lib/jobs/bulk-write.ts explains the size).
 */

const INSERT_BATCH = 5000;
const BUCKETS_PER_INSERT = 16;

/** What the archive needs to explain a customer's tier later, stored per run. */
export interface StoredReason {
  computedTier: TierAssignment['computedTier'];
  score: number | null;
  rank: number | null;
  groupKey: string | null;
  groupSize: number;
  reason: TierAssignment['reason'];
}

/** The bucket of a customer (one of 256): the last byte of the ObjectId, a counter, so evenly spread. */
export const bucketOf = (customerId: string) => customerId.slice(-2);
export const bucketDocId = (runId: string, customerId: string) => `${runId}|${bucketOf(customerId)}`;

interface ReasonBucketDoc {
  _id: string;
  runId: string;
  dealershipId: Types.ObjectId;
  reasons: Record<string, StoredReason>;
}
const reasonBuckets = () => TierReasonBucket.collection as unknown as Collection<ReasonBucketDoc>;

export async function writeReasons(
  runId: string,
  dealershipId: Types.ObjectId,
  assignments: readonly TierAssignment[]
): Promise<void> {
  const byBucket = new Map<string, TierAssignment[]>();
  for (const a of assignments) {
    const key = bucketOf(a.customerId);
    const list = byBucket.get(key);
    if (list === undefined) byBucket.set(key, [a]);
    else list.push(a);
  }
  const keys = [...byBucket.keys()];
  for (let i = 0; i < keys.length; i += BUCKETS_PER_INSERT) {
    const docs = keys.slice(i, i + BUCKETS_PER_INSERT).map((key) => {
      const reasons: Record<string, StoredReason> = {};
      for (const a of byBucket.get(key) ?? []) {
        reasons[a.customerId] = {
          computedTier: a.computedTier,
          score: a.score,
          rank: a.rank,
          groupKey: a.groupKey,
          groupSize: a.groupSize,
          reason: a.reason
        };
      }
      return { _id: `${runId}|${key}`, runId, dealershipId, reasons };
    });
    await reasonBuckets().insertMany(docs, { ordered: false });
  }
}

/** Only changes (first tiering included), dated the run's asOf; returns how many. */
export async function writeHistory(
  runId: string,
  dealershipId: Types.ObjectId,
  assignments: readonly TierAssignment[],
  asOf: string
): Promise<number> {
  const at = clock.now();
  const entries = buildTierHistory(assignments, asOf);
  for (let i = 0; i < entries.length; i += INSERT_BATCH) {
    const docs = entries.slice(i, i + INSERT_BATCH).map((e) => ({
      dealershipId,
      customerId: new Types.ObjectId(e.customerId),
      date: e.date,
      fromTier: e.fromTier,
      toTier: e.toTier,
      score: e.score,
      cause: e.decidedBy,
      runId,
      note: null,
      by: null,
      byName: null,
      at
    }));
    await TierHistory.collection.insertMany(docs, { ordered: false });
  }
  return entries.length;
}

/**
 * The score on the customer, for lists and sorting: whole points. The exact score (0.1) is in
 * the run's reasons; rounding keeps a customer from being rewritten every night because the
 * others' small moves shifted its percentile by a tenth (measured: about half the customers
 * otherwise, at ~2 ms per update on FerretDB).
 */
export const listedScore = (score: number | null) => (score === null ? null : Math.round(score));

/**
 * The customer is updated only while its override is the one the run read: a manager may set
 * or lift one while the run computes (minutes on a large dealership), and the tier in force
 * is then theirs. `setAt` tells overrides apart.
 */
const sameOverride = (seen: StoredTier['override']) =>
  seen === null ? { tierOverride: null } : { 'tierOverride.setAt': seen.setAt };

const overrideKey = (o: StoredTier['override']) =>
  o === null ? 'none' : `set:${o.setAt?.getTime() ?? 'unknown'}`;

/** Updates customers whose tier in force, computed tier or listed score changed; returns how many. */
export async function writeCustomerTiers(
  assignments: readonly TierAssignment[],
  stored: ReadonlyMap<string, StoredTier>
): Promise<number> {
  const updates: DerivedFieldsUpdate[] = [];
  const written = new Map<string, { assignment: TierAssignment; seen: StoredTier }>();
  for (const a of assignments) {
    const s = stored.get(a.customerId);
    if (s === undefined) continue;
    const score = listedScore(a.score);
    if (s.tier === a.tier && s.computed === a.computedTier && s.score === score) continue;
    written.set(a.customerId, { assignment: a, seen: s });
    updates.push({
      customerId: s.id,
      set: { tier: a.tier, tierComputed: a.computedTier, tierScore: score },
      where: sameOverride(s.override)
    });
  }
  const count = await writeDerivedFields(updates);
  await keepOverridesMadeDuringRun(written);
  return count;
}

/**
 * Customers whose override changed while the run computed were skipped above: they get the
 * computed tier and score, and the tier in force is the new override's, or the computed tier
 * when the override was lifted.
 */
async function keepOverridesMadeDuringRun(
  written: ReadonlyMap<string, { assignment: TierAssignment; seen: StoredTier }>
): Promise<void> {
  const ids = [...written.values()].map((w) => w.seen.id);
  const changed: DerivedFieldsUpdate[] = [];
  for (let i = 0; i < ids.length; i += INSERT_BATCH) {
    const current = await currentTierOverrides(ids.slice(i, i + INSERT_BATCH));
    for (const [id, now] of current) {
      const { assignment, seen } = written.get(id)!;
      if (overrideKey(now) === overrideKey(seen.override)) continue;
      const set: DerivedFieldsUpdate['set'] = {
        tierComputed: assignment.computedTier,
        tierScore: listedScore(assignment.score)
      };
      if (now === null) set.tier = assignment.computedTier;
      changed.push({ customerId: seen.id, set, where: sameOverride(now) });
    }
  }
  await writeDerivedFields(changed);
}

/** Drops the reasons of the dealership's earlier runs once this one is the latest done. */
export async function dropOlderReasons(
  dealershipId: Types.ObjectId,
  keepRunId: string,
  olderRunIds: readonly string[]
): Promise<void> {
  const stale = olderRunIds.filter((id) => id !== keepRunId);
  if (stale.length === 0) return;
  await reasonBuckets().deleteMany({ dealershipId, runId: { $in: stale } });
}
