import type { IsoDate } from '@dealer/shared/domain/dates';
import type { AppDeps } from '../../deps';
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
  deps: AppDeps;
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

const registry = new Map<string, JobDefinition>();

/** Registers a job; modules call this at import time from their `*.jobs.ts`. */
export function defineJob(def: JobDefinition): JobDefinition {
  const existing = registry.get(def.name);
  if (existing && existing !== def) throw new Error(`job ${def.name} is defined twice`);
  registry.set(def.name, def);
  return def;
}

export function jobDefinition(name: string): JobDefinition | undefined {
  return registry.get(name);
}

export function definedJobs(): JobDefinition[] {
  return [...registry.values()];
}
