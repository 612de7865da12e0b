import { randomBytes } from 'node:crypto';
import { op } from '../../lib/query';
import { hostname } from 'node:os';
import { clock } from '../../lib/clock';
import { isDuplicateKeyError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { ImportClaim, ImportJob, type ImportJobRecord } from './import.model';
import { failImport, runImportJob, type RunOptions } from './run-import';
import type { ImportHooks } from './import-hooks';
import type { XlsxLimits } from './parsing';

export interface ImportWorkerOptions {
  /** How often to look for jobs queued by other instances or left behind by a dead one. */
  pollMs?: number;
  /** A running job whose heartbeat is older than this is taken over. */
  leaseMs?: number;
  batchSize?: number;
  checkpointRows?: number;
  xlsxLimits?: XlsxLimits;
  /** What other modules do after each written batch (composition root: `wiring.imports`). */
  hooks?: ImportHooks;
}

const DEFAULT_POLL_MS = 5_000;
const DEFAULT_LEASE_MS = 60_000;

/**
 * Claims the next run of a job. The claim is the insert of `<id>:<attempt + 1>` into
 * import_claims: a unique-index insert is atomic on MongoDB and FerretDB alike, so of
 * several workers (or instances) racing for the same job exactly one wins; the others get
 * null. The winner then records the attempt on the job, which makes every later write of
 * an older run miss (they all check `attempt`). A claim older than the lease whose attempt
 * never reached the job belongs to a worker that died in between: the next one is tried.
 */
export async function claimImport(
  job: Pick<ImportJobRecord, '_id' | 'attempt' | 'startedAt'>,
  worker: string,
  leaseMs = DEFAULT_LEASE_MS
): Promise<number | null> {
  const now = clock.now();
  for (let attempt = (job.attempt ?? 0) + 1; attempt <= (job.attempt ?? 0) + 5; attempt++) {
    try {
      await ImportClaim.create({ _id: `${job._id}:${attempt}`, importId: job._id, worker, claimedAt: now });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      const holder = await ImportClaim.findById(`${job._id}:${attempt}`).lean();
      if (!holder || now.getTime() - holder.claimedAt.getTime() < leaseMs) return null;
      continue;
    }
    // Won, but the caller's view of the job may be old: it may have finished meanwhile, or
    // another worker's run (an earlier claim, older than the lease by now) may still be alive.
    const current = await ImportJob.findById(job._id, { status: 1, attempt: 1, heartbeatAt: 1 }).lean();
    if (!current || !claimable(current, now, leaseMs)) {
      await ImportClaim.deleteOne({ _id: `${job._id}:${attempt}`, worker });
      return null;
    }
    await ImportJob.updateOne(
      { _id: job._id },
      {
        $set: {
          status: 'running',
          attempt,
          heartbeatAt: now,
          startedAt: job.startedAt ?? now,
          updatedAt: now
        }
      }
    );
    return attempt;
  }
  return null;
}

/**
 * A job a worker may start: queued, reserved by its creator (running, never claimed: the
 * CLI), or running under a claim whose heartbeat stopped.
 */
function claimable(
  job: { status: string; attempt?: number | null; heartbeatAt?: Date | null },
  now: Date,
  leaseMs: number
): boolean {
  if (job.status === 'queued') return true;
  if (job.status !== 'running') return false;
  if ((job.attempt ?? 0) === 0) return true;
  return !job.heartbeatAt || now.getTime() - job.heartbeatAt.getTime() >= leaseMs;
}

/** Workers of this process, woken when a job is queued here (others find it by polling). */
const localWorkers = new Set<ImportWorker>();

export function wakeImportWorkers(): void {
  for (const worker of localWorkers) worker.wake();
}

/**
 * In-process queue of import jobs: one job at a time per instance. Jobs come from this
 * instance (woken at once) or from the database (polled): queued ones and running ones whose
 * worker stopped beating, which is how jobs resume after a restart or a crash. Resuming is
 * safe because an import is idempotent and each run continues from the job's checkpoint.
 */
export class ImportWorker {
  readonly name = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private busy: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly logger: Logger,
    private readonly options: ImportWorkerOptions = {}
  ) {}

  start(): this {
    localWorkers.add(this);
    this.timer = setInterval(() => this.wake(), this.options.pollMs ?? DEFAULT_POLL_MS);
    this.timer.unref();
    this.wake();
    return this;
  }

  wake(): void {
    if (this.stopped) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = this.drain()
      .catch((err: unknown) => this.logger.error({ err }, 'import worker: polling failed'))
      .finally(() => {
        this.busy = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Stops between batches; a job in progress is checkpointed and queued again. */
  async stop(): Promise<void> {
    this.stopped = true;
    localWorkers.delete(this);
    if (this.timer) clearInterval(this.timer);
    this.controller.abort();
    await this.busy;
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      const stale = new Date(clock.now().getTime() - (this.options.leaseMs ?? DEFAULT_LEASE_MS));
      const queued = await ImportJob.find(
        { status: 'queued' },
        { _id: 1, attempt: 1, startedAt: 1, createdAt: 1 }
      ).lean();
      const abandoned = await ImportJob.find(
        { status: 'running', heartbeatAt: op.lt(stale) },
        { _id: 1, attempt: 1, startedAt: 1, createdAt: 1 }
      ).lean();
      const candidates = [...queued, ...abandoned].sort(
        (a, b) => a.createdAt.getTime() - b.createdAt.getTime()
      );
      let ran = false;
      for (const job of candidates) {
        if (this.stopped) return;
        if (await this.runJob(job)) {
          ran = true;
          break; // look again: the queue may have changed while this job ran
        }
      }
      if (!ran) return;
    }
  }

  /** Claims and runs one job; false when another worker holds it. */
  async runJob(job: Pick<ImportJobRecord, '_id' | 'attempt' | 'startedAt'>): Promise<boolean> {
    const attempt = await claimImport(job, this.name, this.options.leaseMs);
    if (attempt === null) return false;
    const leaseMs = this.options.leaseMs ?? DEFAULT_LEASE_MS;
    const heartbeat = setInterval(
      () => {
        void ImportJob.updateOne({ _id: job._id, attempt }, { $set: { heartbeatAt: clock.now() } }).catch(
          () => undefined
        );
      },
      Math.max(1000, Math.floor(leaseMs / 3))
    );
    heartbeat.unref();
    try {
      const timings: Record<string, number> = {};
      const options: RunOptions = {
        attempt,
        signal: this.controller.signal,
        batchSize: this.options.batchSize,
        checkpointRows: this.options.checkpointRows,
        xlsxLimits: this.options.xlsxLimits,
        hooks: this.options.hooks,
        timings
      };
      const result = await runImportJob(job._id, options);
      if (result === 'aborted') {
        await ImportJob.updateOne(
          { _id: job._id, attempt },
          { $set: { status: 'queued', heartbeatAt: null } }
        );
      }
      const ms = Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)]));
      this.logger.info({ importId: String(job._id), attempt, result, ms }, 'import run ended');
    } catch (err) {
      this.logger.error({ err, importId: String(job._id) }, 'import failed');
      const current = await ImportJob.findById(job._id).lean<ImportJobRecord>();
      if (current)
        await failImport(current, attempt, {
          code: 'INTERNAL',
          message: '导入过程中发生内部错误，请重试或联系管理员'
        });
    } finally {
      clearInterval(heartbeat);
    }
    return true;
  }
}
