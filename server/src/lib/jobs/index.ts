/** Scheduled work: definitions, slot claims, runs, recovery, pacing (docs/architecture.md "Scheduled work"). */
export { JobCatalog, type JobContext, type JobDefinition, type JobProgress } from './define';
export { runJobNow, fireScheduled, fireKeyOf, type RunOptions, type RunResult } from './runner';
export { startScheduler, recoverStaleRuns, type Scheduler } from './scheduler';
export {
  instanceId,
  HEARTBEAT_MS,
  holdInstanceLease,
  liveInstances,
  instanceLeaseMs,
  setInstanceLeaseMs
} from './instance';
export { JobRun, JobInstance } from './job-run.model';
export { TokenBucket } from './token-bucket';
export { sharedBucket, sleep } from './pace';
export { insertManyUnique } from './unique-insert';
export { inUpdateChunks, MAX_UPDATE_STATEMENTS } from './bulk-write';
