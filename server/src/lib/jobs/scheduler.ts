import cron, { type ScheduledTask } from 'node-cron';
import type { AppDeps } from '../../deps';
import type { JobDefinition } from './define';
import { liveInstances, instanceLeaseMs } from './instance';
import { JobRun } from './job-run.model';
import { claimRunSlot, executeRun, fireScheduled, type RunResult } from './runner';

/** A run left by a crashed instance is resumed at most this many times. */
const MAX_RESUMES = 3;
const RESUME_MARK = '>resume';

export interface Scheduler {
  stop(): Promise<void>;
}

/**
 * Runs left `running` by an instance that stopped beating: each is marked abandoned and run
 * again for the same day under a new slot `<run id>>resume` (a unique insert, so one
 * instance takes it over). The work inside is once-only per item, so the new run continues.
 */
export async function recoverStaleRuns(deps: AppDeps): Promise<RunResult[]> {
  const running = await JobRun.find({ status: 'running' }).lean();
  const staleBefore = Date.now() - instanceLeaseMs();
  const candidates = running.filter((r) => r.heartbeatAt.getTime() < staleBefore);
  if (candidates.length === 0) return [];
  const live = await liveInstances(candidates.map((r) => r.instanceId));
  const results: RunResult[] = [];
  for (const run of candidates) {
    if (live.has(run.instanceId)) continue;
    const def = deps.jobs.find(run.name);
    if (!def) continue;
    await JobRun.updateOne(
      { _id: run._id, status: 'running' },
      { $set: { status: 'abandoned', finishedAt: new Date() } }
    );
    if (run._id.split(RESUME_MARK).length > MAX_RESUMES) {
      deps.logger.error({ runId: run._id }, 'job run abandoned too many times; not resuming');
      continue;
    }
    const id = `${run._id}${RESUME_MARK}`;
    const options = (run.options ?? {}) as Record<string, string>;
    if (
      !(await claimRunSlot(
        def,
        { id, fireKey: run.fireKey, trigger: 'recovery', resumedFrom: run._id },
        run.date,
        options
      ))
    )
      continue;
    deps.logger.warn({ runId: run._id, resumedAs: id }, 'resuming a job run left by a stopped instance');
    results.push(await executeRun(def, id, run.date, 'recovery', { deps, options }));
  }
  return results;
}

/**
 * Starts node-cron triggers for the defined jobs (Asia/Shanghai) plus a recovery check each
 * minute. Every instance schedules every job; the slot claim makes each run happen once.
 */
export function startScheduler(deps: AppDeps, jobs: readonly JobDefinition[] = deps.jobs.all()): Scheduler {
  const inFlight = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  const tasks: ScheduledTask[] = jobs.map((def) =>
    cron.schedule(
      def.cron,
      (tc) => {
        track(
          fireScheduled(def.name, tc.triggeredAt, { deps }).catch((err: unknown) =>
            deps.logger.error({ err, job: def.name }, 'scheduled job could not start')
          )
        );
      },
      { timezone: def.timezone, name: def.name, noOverlap: true }
    )
  );
  tasks.push(
    cron.schedule(
      '* * * * *',
      () => {
        track(
          recoverStaleRuns(deps).catch((err: unknown) => deps.logger.error({ err }, 'job recovery failed'))
        );
      },
      { timezone: 'Asia/Shanghai', name: 'jobs:recover', noOverlap: true }
    )
  );
  deps.logger.info({ jobs: jobs.map((j) => `${j.name} (${j.cron})`) }, 'scheduler started');
  return {
    async stop() {
      await Promise.all(tasks.map((t) => t.destroy()));
      // Runs finish their current batch; what is left is resumed by another instance.
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise((r) => setTimeout(r, 10_000).unref())
      ]);
    }
  };
}
