import { Types } from 'mongoose';
import {
  assignTiers,
  movementOfRun,
  tierWindow,
  type Tier,
  type TierAssignment
} from '@dealer/shared/domain/tiers';
import { clock } from '../../lib/clock';
import { conflict } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { loadSettings } from '../dealerships/dealership.service';
import { classifyCustomers } from '../classes/classes.service';
import {
  claimTierRun,
  LEASE_RENEW_MS,
  releaseLease,
  renewLease,
  type ClaimedRun,
  type Trigger
} from './tier-claim';
import { loadTierInputs, type StoredTier } from './tier-inputs';
import { dropOlderReasons, writeCustomerTiers, writeHistory, writeReasons } from './tier-write';
import { TierRun } from './tier.model';

/**
 * A tier run: claim → read (customers, their records, vehicle series) → assignTiers with the
 * last run's tiers and the overrides → write reasons, history (changes only), changed
 * customers → record the run (counts, movement, duration). Optionally the other classes
 * (lifecycle, vehicle age…) right after, since "loyal" depends on the tier.
 */

export interface RunOptions {
  trigger?: Trigger;
  /** Staff id of who started it by hand. */
  startedBy?: string | null;
  /** Also classify lifecycle / vehicle age / usage / service stage / age group after the tiers. */
  withClasses?: boolean;
}

export type RunOutcome =
  | {
      status: 'done';
      runId: string;
      changed: number;
      historyEntries: number;
      customers: number;
      durationMs: number;
    }
  | { status: 'skipped'; runId: string | null; reason: 'running' | 'done' };

/**
 * A customer whose tier was set (an override before the first run) but never computed has
 * no hysteresis anchor, so the engine saw no previous tier; the movement and history must
 * still start from the tier that was in force.
 */
function startFromStoredTier(assignments: TierAssignment[], stored: ReadonlyMap<string, StoredTier>): void {
  for (const a of assignments) {
    if (a.previousTier === null) a.previousTier = stored.get(a.customerId)?.tier ?? null;
  }
}

function countTiers(assignments: readonly TierAssignment[]): Record<Tier, number> {
  const counts: Record<Tier, number> = { A: 0, B: 0, C: 0, D: 0 };
  for (const a of assignments) counts[a.tier] += 1;
  return counts;
}

async function computeAndWrite(claim: ClaimedRun, started: number) {
  const { runId, dealershipId, asOf } = claim;
  const settings = (await loadSettings(dealershipId)).tiers;
  const window = tierWindow({ asOf, lookbackMonths: settings.lookbackMonths });
  const phases: Record<string, number> = {};
  let mark = Date.now();
  const lap = (phase: string) => {
    const now = Date.now();
    phases[phase] = now - mark;
    mark = now;
  };
  const inputs = await loadTierInputs(dealershipId, window);
  lap('readMs');
  const assignments = assignTiers({
    customers: inputs.features,
    settings,
    asOf,
    previous: inputs.previous,
    overrides: inputs.overrides
  });
  startFromStoredTier(assignments, inputs.stored);
  lap('assignMs');
  // Reasons first: the archive keeps reading the previous run's until this one is done.
  await writeReasons(runId, dealershipId, assignments);
  await renewLease(claim);
  lap('reasonsMs');
  // History before customers: a crash in between leaves customers unchanged, and the rerun
  // writes the same changes again rather than losing them.
  const historyEntries = await writeHistory(runId, dealershipId, assignments, asOf);
  lap('historyMs');
  const changed = await writeCustomerTiers(assignments, inputs.stored);
  lap('customersMs');
  return {
    customers: assignments.length,
    serviceRecords: inputs.serviceRecords,
    changed,
    historyEntries,
    counts: countTiers(assignments),
    movement: movementOfRun(assignments),
    phases,
    durationMs: Date.now() - started
  };
}

/** Runs a claimed run to its end; the run record says how it went. */
export async function executeTierRun(
  claim: ClaimedRun,
  options: RunOptions,
  logger?: Logger
): Promise<RunOutcome> {
  const started = Date.now();
  const renew = setInterval(() => void renewLease(claim).catch(() => undefined), LEASE_RENEW_MS);
  try {
    const result = await computeAndWrite(claim, started);
    let classesChanged: number | null = null;
    if (options.withClasses) {
      const classesStarted = Date.now();
      classesChanged = await classifyCustomers(claim.dealershipId, claim.asOf);
      result.phases.classesMs = Date.now() - classesStarted;
    }
    // Done only now: whoever polls the run sees tiers and classes both finished.
    await TierRun.updateOne(
      { _id: claim.runId },
      { $set: { ...result, classesChanged, status: 'done', finishedAt: clock.now() } }
    );
    const older = await TierRun.find({ dealershipId: claim.dealershipId }, { _id: 1 })
      .sort({ startedAt: -1 })
      .limit(20)
      .lean();
    await dropOlderReasons(
      claim.dealershipId,
      claim.runId,
      older.map((r) => r._id)
    );
    logger?.info({ runId: claim.runId, ...result, movement: undefined }, 'tier run done');
    const { customers, changed, historyEntries, durationMs } = result;
    return { status: 'done', runId: claim.runId, customers, changed, historyEntries, durationMs };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    logger?.error({ err, runId: claim.runId }, 'tier run failed');
    await TierRun.updateOne(
      { _id: claim.runId },
      {
        $set: {
          status: 'failed',
          error: '计算失败，请稍后重试',
          finishedAt: clock.now(),
          durationMs: Date.now() - started
        }
      }
    ).catch(() => undefined);
    throw new Error(`tier run ${claim.runId} failed: ${error}`);
  } finally {
    clearInterval(renew);
    await releaseLease(claim).catch(() => undefined);
  }
}

/**
 * Recomputes a dealership's tiers for `asOf` (Asia/Shanghai day) and waits for the end. The
 * nightly job calls this with trigger 'nightly': on several instances, one runs, the others
 * skip. Returns 'skipped' when another run holds the dealership or the day is done.
 */
export async function recomputeTiers(
  dealershipId: string | Types.ObjectId,
  asOf: string,
  options: RunOptions = {},
  logger?: Logger
): Promise<RunOutcome> {
  const id = new Types.ObjectId(String(dealershipId));
  const outcome = await claimTierRun(id, asOf, options.trigger ?? 'nightly', options.startedBy ?? null);
  if ('busy' in outcome) return { status: 'skipped', runId: outcome.runId, reason: outcome.busy };
  return executeTierRun(outcome.claimed, options, logger);
}

/**
 * A manager's recompute: claimed now (409 when a run of the dealership is going on), then
 * run in the background — a large dealership takes minutes; the client polls the run.
 */
export async function startTierRun(
  dealershipId: string,
  asOf: string,
  startedBy: string,
  logger: Logger
): Promise<string> {
  const outcome = await claimTierRun(new Types.ObjectId(dealershipId), asOf, 'manual', startedBy);
  if ('busy' in outcome)
    throw conflict('TIER_RUN_IN_PROGRESS', '分级正在计算中，请稍后再试', { runId: outcome.runId });
  void executeTierRun(outcome.claimed, { trigger: 'manual', startedBy, withClasses: true }, logger).catch(
    () => undefined
  );
  return outcome.claimed.runId;
}
