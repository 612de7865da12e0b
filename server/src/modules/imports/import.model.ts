import mongoose, { Schema, type InferSchemaType, type Types } from 'mongoose';
import { IMPORT_KINDS, IMPORT_STATUSES } from '@dealer/shared';

const countsSchema = new Schema(
  {
    created: { type: Number, default: 0 },
    updated: { type: Number, default: 0 },
    unchanged: { type: Number, default: 0 },
    failed: { type: Number, default: 0 }
  },
  { _id: false }
);

const rowErrorSchema = new Schema(
  {
    rowNumber: { type: Number, required: true },
    column: { type: String, required: true },
    reason: { type: String, required: true }
  },
  { _id: false }
);

/**
 * Where a resumed run starts again: everything up to `rowNumber` is written and counted
 * in the snapshot below (errors beyond `errorsKept` are dropped on resume).
 */
const checkpointSchema = new Schema(
  {
    rowNumber: { type: Number, default: 0 },
    processed: { type: Number, default: 0 },
    counts: { type: countsSchema, default: () => ({}) },
    errorCount: { type: Number, default: 0 },
    errorsKept: { type: Number, default: 0 },
    warningsCount: { type: Number, default: 0 },
    unreadable: { type: [Schema.Types.Mixed], default: [] }
  },
  { _id: false }
);

/** A DMS import job (`POST /api/imports` or `npm run import`). */
const importJobSchema = new Schema(
  {
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    /** null for operator (CLI) imports. */
    staffId: { type: Schema.Types.ObjectId, default: null },
    kind: { type: String, enum: IMPORT_KINDS, required: true },
    dryRun: { type: Boolean, required: true },
    fileName: { type: String, required: true },
    filePath: { type: String, required: true },
    /** Uploaded files are ours to delete when the job ends; an operator's file is not. */
    ownsFile: { type: Boolean, required: true },
    /**
     * The user's header → field mapping as pairs: headers such as 'RO No.' or '$金额' are not
     * safe as field names in a stored object.
     */
    mapping: {
      type: [
        new Schema(
          { header: { type: String, required: true }, field: { type: String, required: true } },
          { _id: false }
        )
      ],
      default: []
    },
    status: { type: String, enum: IMPORT_STATUSES, required: true },
    /** Claim generation: the run holding claim `<id>:<attempt>` owns the job. */
    attempt: { type: Number, default: 0 },
    heartbeatAt: { type: Date, default: null },
    progress: {
      processed: { type: Number, default: 0 },
      total: { type: Number, default: null }
    },
    counts: { type: countsSchema, default: () => ({}) },
    preview: { type: [Schema.Types.Mixed], default: [] },
    /** The first row errors (API: `errors`); `errors` itself is a reserved mongoose document key. */
    rowErrors: { type: [rowErrorSchema], default: [] },
    errorCount: { type: Number, default: 0 },
    warningsCount: { type: Number, default: 0 },
    /** Recognised and ignored columns (API: `columns`), set when the run reads the header. */
    columnReport: { type: Schema.Types.Mixed, default: null },
    /** Unreadable values per column and reason, with examples (API: `unreadable`). */
    unreadable: { type: [Schema.Types.Mixed], default: [] },
    checkpoint: { type: checkpointSchema, default: () => ({}) },
    startedAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
    failure: { type: new Schema({ code: String, message: String }, { _id: false }), default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'imports', minimize: false }
);
// The import list of a dealership, newest first.
importJobSchema.index({ dealershipId: 1, createdAt: -1 });
// Workers looking for queued jobs and running ones whose worker stopped beating.
importJobSchema.index({ status: 1, heartbeatAt: 1 });

export type ImportJobDoc = InferSchemaType<typeof importJobSchema>;
export type ImportJobRecord = ImportJobDoc & { _id: Types.ObjectId };
export const ImportJob = mongoose.model('ImportJob', importJobSchema);

/**
 * `_id` = `<importId>:<attempt>`. Inserting it is the atomic claim (FerretDB has no atomic
 * conditional update): of several workers racing for the same attempt, one insert wins.
 */
const importClaimSchema = new Schema(
  {
    _id: { type: String, required: true },
    importId: { type: Schema.Types.ObjectId, required: true },
    worker: { type: String, required: true },
    claimedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'import_claims' }
);
// Tests and operators: the claims of one job.
importClaimSchema.index({ importId: 1 });

export const ImportClaim = mongoose.model('ImportClaim', importClaimSchema);
