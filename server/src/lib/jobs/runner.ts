import { randomBytes } from 'node:crypto';
import type { IsoDate } from '@dealer/shared/domain/dates';
import { shanghaiDate } from '@dealer/shared/domain/calendar/send-window';
import type { AppDeps } from '../../deps';
import { clock } from '../clock';
import { isDuplicateKeyError } from '../errors';
import type { JobContext, JobDefinition, JobProgress } from './define';
import { holdInstanceLease, instanceId } from './instance';
import { JobRun, type JobRunStatus } from './job-run.model';

const MAX_FAILURES_KEPT = 50;
/** Progress, counts and the run's own heartbeat are written at most this often. */
const SAVE_EVERY_MS = 5_000;

export interface RunOptions {
  deps: AppDeps;
  /** Business day; default today in Asia/Shanghai by `clock.now()`. */
  date?: IsoDate;
  options?: Record<string, string>;
  /** Called on every progress change (the operator script's progress bar). */
  onProgress?(progress: JobProgress, counts: Readonly<Record<string, number>>): void;
}

export interface RunResult {
  runId: string;
  status: JobRunStatus;
  counts: Record<string, number>;
  error?: string;
}

interface Slot {
  id: string;
  fireKey: string;
  trigger: JobContext['trigger'];
  resumedFrom?: string | null;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Claims a run slot with a unique insert; false when another instance has it. */
export async function claimRunSlot(
  def: JobDefinition,
  slot: Slot,
  date: IsoDate,
  options: Record<string, string> = {}
): Promise<boolean> {
  const now = new Date();
  try {
    await JobRun.create({
      _id: slot.id,
      name: def.name,
      fireKey: slot.fireKey,
      trigger: slot.trigger,
      date,
      instanceId,
      status: 'running',
      startedAt: now,
      heartbeatAt: now,
      options,
      resumedFrom: slot.resumedFrom ?? null
    });
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}

/** Runs a claimed slot to its end, saving progress, counts and failures on the run record. */
export async function executeRun(
  def: JobDefinition,
  runId: string,
  date: IsoDate,
  trigger: Slot['trigger'],
  opts: RunOptions
): Promise<RunResult> {
  const release = await holdInstanceLease();
  const logger = opts.deps.logger.child({ job: def.name, runId, date });
  const progress: JobProgress = { phase: 'starting', done: 0, total: null };
  const counts: Record<string, number> = {};
  const failures: Array<{ at: Date; item: string; message: string }> = [];
  let lastSave = 0;
  let saving: Promise<unknown> = Promise.resolve();
  const save = (force = false) => {
    const now = Date.now();
    if (!force && now - lastSave < SAVE_EVERY_MS) return;
    lastSave = now;
    const set = {
      progress: { ...progress },
      counts: { ...counts },
      failures: failures.slice(0, MAX_FAILURES_KEPT),
      heartbeatAt: new Date()
    };
    saving = saving
      .then(() => JobRun.updateOne({ _id: runId }, { $set: set }))
      .catch((err: unknown) => logger.warn({ err }, 'could not save run progress'));
  };
  const changed = () => {
    opts.onProgress?.({ ...progress }, counts);
    save();
  };
  const ctx: JobContext = {
    name: def.name,
    runId,
    date,
    trigger,
    deps: opts.deps,
    logger,
    options: opts.options ?? {},
    progress(update) {
      if (update.phase !== undefined && update.phase !== progress.phase)
        Object.assign(progress, { done: 0, total: null });
      Object.assign(progress, update);
      changed();
    },
    count(key, n = 1) {
      counts[key] = (counts[key] ?? 0) + n;
      changed();
    },
    itemFailed(item, err) {
      counts.itemFailures = (counts.itemFailures ?? 0) + 1;
      if (failures.length < MAX_FAILURES_KEPT) failures.push({ at: new Date(), item, message: message(err) });
      logger.warn({ item, err }, 'job item failed');
      changed();
    }
  };
  let status: JobRunStatus = 'succeeded';
  let error: string | undefined;
  try {
    logger.info({ trigger }, 'job run started');
    await def.run(ctx);
  } catch (err) {
    status = 'failed';
    error = message(err);
    failures.unshift({ at: new Date(), item: '(run)', message: error });
    logger.error({ err }, 'job run failed');
  } finally {
    save(true);
    await saving;
    await JobRun.updateOne({ _id: runId }, { $set: { status, finishedAt: new Date() } }).catch(
      (err: unknown) => logger.warn({ err }, 'could not close the run record')
    );
    await release();
  }
  logger.info({ status, counts }, 'job run finished');
  return { runId, status, counts, ...(error ? { error } : {}) };
}

function requireJob(name: string, opts: RunOptions): JobDefinition {
  const def = opts.deps.jobs.find(name);
  if (!def) throw new Error(`unknown job ${name}`);
  return def;
}

/**
 * Runs a job now for a day (operators, tests). Manual runs always run: the work itself is
 * once-only per item (unique dispatch keys), so a rerun for the same day continues where
 * an earlier run stopped.
 */
export async function runJobNow(name: string, opts: RunOptions): Promise<RunResult> {
  const def = requireJob(name, opts);
  const date = opts.date ?? shanghaiDate(clock.now());
  const fireKey = `manual:${date}:${Date.now()}-${randomBytes(3).toString('hex')}`;
  const id = `${name}:${fireKey}`;
  await claimRunSlot(def, { id, fireKey, trigger: 'manual' }, date, opts.options);
  return executeRun(def, id, date, 'manual', opts);
}

/**
 * A fire time as the slot key: the minute (instances a few seconds apart agree), or the
 * second for a cron expression with a seconds field.
 */
export function fireKeyOf(at: Date, cron = '* * * * *'): string {
  const step = cron.trim().split(/\s+/).length === 6 ? 1_000 : 60_000;
  return (
    new Date(Math.floor(at.getTime() / step) * step).toISOString().slice(0, step === 1_000 ? 19 : 16) + 'Z'
  );
}

/**
 * What a cron trigger does on every instance: claim `<name>:<fire minute>`; only the
 * instance whose insert wins runs. Returns null when another instance has the slot.
 */
export async function fireScheduled(
  name: string,
  firedAt: Date,
  opts: RunOptions
): Promise<RunResult | null> {
  const def = requireJob(name, opts);
  const fireKey = fireKeyOf(firedAt, def.cron);
  const date = opts.date ?? shanghaiDate(firedAt);
  const id = `${name}:${fireKey}`;
  if (!(await claimRunSlot(def, { id, fireKey, trigger: 'cron' }, date))) return null;
  return executeRun(def, id, date, 'cron', opts);
}
