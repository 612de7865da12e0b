import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const JOB_RUN_STATUSES = ['running', 'succeeded', 'failed', 'abandoned'] as const;
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number];

/**
 * One run of a scheduled job. `_id` = `<name>:<fireKey>`: the unique insert of this record
 * is how a trigger claims its slot, so with several instances each scheduled run happens
 * once (docs/architecture.md "Scheduled work"). Manual and recovery runs get keys of their own.
 */
const jobRunSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    fireKey: { type: String, required: true },
    trigger: { type: String, enum: ['cron', 'manual', 'recovery'], required: true },
    /** The business day (Asia/Shanghai) the run works for. */
    date: { type: String, required: true },
    instanceId: { type: String, required: true },
    status: { type: String, enum: JOB_RUN_STATUSES, required: true },
    /** Operational times are real time (not clock.now(), which a run may shift). */
    startedAt: { type: Date, required: true },
    heartbeatAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
    progress: {
      phase: { type: String, default: 'starting' },
      done: { type: Number, default: 0 },
      total: { type: Number, default: null }
    },
    counts: { type: Schema.Types.Mixed, default: {} },
    /** Item-level problems (capped), and the error that ended the run, if any. */
    failures: { type: [{ at: Date, item: String, message: String }], default: [] },
    /** The run's scope (e.g. one dealership), so a recovery run does the same work. */
    options: { type: Schema.Types.Mixed, default: {} },
    resumedFrom: { type: String, default: null }
  },
  { versionKey: false, collection: 'job_runs', minimize: false }
);
// Runs of a job for a day (operators' view, care-run --status).
jobRunSchema.index({ name: 1, date: 1 });
// Stale-run recovery: runs still marked running.
jobRunSchema.index({ status: 1 });

export type JobRunDoc = InferSchemaType<typeof jobRunSchema>;
export const JobRun = mongoose.model('JobRun', jobRunSchema);

/**
 * A live process that runs jobs or sends. Its heartbeat tells others whether the claims it
 * holds (job runs, message sends) are still being worked on or were left by a crash.
 */
const jobInstanceSchema = new Schema(
  {
    _id: { type: String, required: true },
    host: { type: String, required: true },
    pid: { type: Number, required: true },
    startedAt: { type: Date, required: true },
    heartbeatAt: { type: Date, required: true },
    stoppedAt: { type: Date, default: null }
  },
  { versionKey: false, collection: 'job_instances' }
);

export const JobInstance = mongoose.model('JobInstance', jobInstanceSchema);
