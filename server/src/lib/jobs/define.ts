import type { IsoDate } from '@dealer/shared/domain/dates';
import type { Infrastructure } from '../../infrastructure';
import type { Logger } from '../logger';

export interface JobProgress {
  phase: string;
  done: number;
  total: number | null;
}

/** What a run sees. Progress and counts are saved (throttled) on the run record. */
export interface JobContext {
  name: string;
  runId: string;
  /** The Asia/Shanghai day the run works for. */
  date: IsoDate;
  trigger: 'cron' | 'manual' | 'recovery';
  deps: Infrastructure;
  logger: Logger;
  /** Only what the run is scoped to (e.g. one dealership for `care-run --dealership`). */
  options: Readonly<Record<string, string>>;
  /** Sets the phase (resets done/total) or advances within it. */
  progress(update: Partial<JobProgress>): void;
  /** Adds to a named counter (dispatches, sent, failed …). */
  count(key: string, n?: number): void;
  /** Records an item-level problem without ending the run. */
  itemFailed(item: string, err: unknown): void;
}

export interface JobDefinition {
  name: string;
  /** node-cron expression (seconds optional). */
  cron: string;
  timezone: 'Asia/Shanghai';
  description: string;
  run(ctx: JobContext): Promise<void>;
}

/**
 * The jobs of one composed server (see composition.ts): built once from every module's
 * definitions, never filled by side effect, so a script runs exactly the jobs the server runs.
 */
export class JobCatalog {
  private readonly byName = new Map<string, JobDefinition>();

  constructor(jobs: readonly JobDefinition[]) {
    for (const job of jobs) {
      if (this.byName.has(job.name)) throw new Error(`job ${job.name} is defined twice`);
      this.byName.set(job.name, job);
    }
  }

  find(name: string): JobDefinition | undefined {
    return this.byName.get(name);
  }

  all(): JobDefinition[] {
    return [...this.byName.values()];
  }
}
