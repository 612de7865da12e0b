import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Types } from 'mongoose';
import { clock, shanghaiDate } from '../../lib/clock';
import { fileErrorToAppError } from './file-check';
import { ImportJob, type ImportJobRecord } from './import.model';
import { NO_IMPORT_HOOKS, type ImportHooks } from './import-hooks';
import { ImportReport } from './import-report';
import { columnReport } from './column-report';
import { mappingOf } from './import.service';
import { isImportFileError, openTable, type Table, type TableRow, type XlsxLimits } from './parsing';
import { CustomerImporter } from './processing/customers';
import { RepairOrderImporter } from './processing/repair-orders';
import type { BatchImporter, ImportContext, RowReport } from './processing/types';

export interface RunOptions {
  /** The claim generation this run holds; every write of the job checks it. */
  attempt: number;
  /** Rows per batch: one round of lookups and one bulk write per batch. */
  batchSize?: number;
  /** Rows between checkpoints (deferred writes flushed, resume point saved). */
  checkpointRows?: number;
  /** Aborting stops the run between batches; the job stays resumable. */
  signal?: AbortSignal;
  /** Called after each written batch; the run waits for it (tests act between batches). */
  onProgress?: (progress: { processed: number; total: number | null }) => void | Promise<void>;
  /** Filled with milliseconds per phase (batches, flush, progress), for logs and benchmarks. */
  timings?: Record<string, number>;
  /** Bounds on what an XLSX may inflate to (see the XLSX_* settings). */
  xlsxLimits?: XlsxLimits;
  /** What other modules do after each written batch (the composition root's `wiring.imports`). */
  hooks?: ImportHooks;
}

export type RunResult = 'done' | 'failed' | 'aborted' | 'lost';

export const DEFAULT_BATCH_SIZE = 1000;

/** The run no longer holds the job (another worker took it over); stop without writing. */
class LostClaim extends Error {}
class Aborted extends Error {}

/**
 * Upper bound of the data rows of a CSV (line breaks below the header), so progress has a
 * denominator while the file streams; exact once the job is done. XLSX: unknown.
 */
async function estimateRows(path: string, table: Table): Promise<number | null> {
  if (table.format !== 'csv') return null;
  let lines = 0;
  let last = 0x0a;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) lines += 1;
    if (chunk.length > 0) last = chunk[chunk.length - 1];
  }
  if (last !== 0x0a) lines += 1;
  return Math.max(0, lines - table.headerRowNumber);
}

function importerFor(kind: string, ctx: ImportContext): BatchImporter {
  return kind === 'customers' ? new CustomerImporter(ctx) : new RepairOrderImporter(ctx);
}

async function releaseFile(job: ImportJobRecord): Promise<void> {
  if (job.ownsFile) await rm(job.filePath, { force: true });
}

/** Marks the job failed with a user-facing reason (unless another run holds it now). */
export async function failImport(
  job: ImportJobRecord,
  attempt: number,
  failure: { code: string; message: string }
): Promise<void> {
  const now = clock.now();
  const res = await ImportJob.updateOne(
    { _id: job._id, attempt },
    { $set: { status: 'failed', failure, finishedAt: now, heartbeatAt: now, updatedAt: now } }
  );
  if (res.matchedCount > 0) await releaseFile(job);
}

/**
 * Runs one claimed job: streams the file, imports it in batches, saves progress after each
 * batch and a checkpoint every `checkpointRows` rows. A resumed run skips the rows before
 * the checkpoint (only remembering their keys) and goes on from the saved totals.
 */
export async function runImportJob(jobId: Types.ObjectId, options: RunOptions): Promise<RunResult> {
  const job = await ImportJob.findById(jobId).lean<ImportJobRecord>();
  if (!job || job.attempt !== options.attempt) return 'lost';
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const timings = options.timings ?? {};
  const timed = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[phase] = (timings[phase] ?? 0) + performance.now() - started;
    }
  };

  let table: Table;
  try {
    table = await openTable(job.filePath, job.fileName, {
      mapping: mappingOf(job),
      xlsxLimits: options.xlsxLimits
    });
  } catch (err) {
    if (!isImportFileError(err)) throw err;
    await failImport(job, options.attempt, { code: err.code, message: fileErrorToAppError(err).message });
    return 'failed';
  }

  const report = new ImportReport(job);
  report.setColumns(columnReport(table.headers, table.columns, mappingOf(job)));
  const now = clock.now();
  const ctx: ImportContext = {
    dealershipId: job.dealershipId,
    dryRun: job.dryRun,
    columns: table.columns,
    today: shanghaiDate(now),
    now,
    hooks: options.hooks ?? NO_IMPORT_HOOKS,
    resumed: options.attempt > 1
  };
  const importer = importerFor(job.kind, ctx);
  const checkpointRows = options.checkpointRows ?? importer.checkpointRows;
  const resumeAfter = job.checkpoint?.rowNumber ?? 0;
  let total: number | null = null;
  let lastRow = resumeAfter;
  let sinceCheckpoint = 0;
  let batch: TableRow[] = [];

  const save = async (fields: Record<string, unknown>) => {
    const at = clock.now();
    const res = await ImportJob.updateOne(
      { _id: job._id, attempt: options.attempt },
      {
        $set: {
          ...report.fields(),
          progress: { processed: report.processed, total },
          heartbeatAt: at,
          updatedAt: at,
          ...fields
        }
      }
    );
    if (res.matchedCount === 0) throw new LostClaim();
  };
  // The batch being written while the next one is planned (see BatchImporter).
  let writing: { rows: number; lastRow: number; reports: Promise<RowReport[]> } | null = null;
  const settle = async () => {
    if (!writing) return;
    const done = writing;
    writing = null;
    for (const row of await timed('writes', () => done.reports)) report.add(row, job.dryRun);
    lastRow = done.lastRow;
    sinceCheckpoint += done.rows;
    let checkpoint = {};
    if (sinceCheckpoint >= checkpointRows) {
      await timed('flush', () => importer.flush());
      checkpoint = { checkpoint: report.checkpoint(lastRow) };
      sinceCheckpoint = 0;
    }
    await timed('progress', () => save(checkpoint));
    await options.onProgress?.({ processed: report.processed, total });
  };
  const runBatch = async () => {
    if (options.signal?.aborted) {
      // A graceful stop checkpoints what is done, so the resumed run counts every row once.
      await settle();
      await timed('flush', () => importer.flush());
      await save({ checkpoint: report.checkpoint(lastRow) });
      throw new Aborted();
    }
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    const plan = await timed('plans', () => importer.plan(rows));
    await settle();
    const reports = importer.write(plan);
    reports.catch(() => undefined); // awaited by settle; this only avoids an unhandled rejection meanwhile
    writing = { rows: rows.length, lastRow: rows[rows.length - 1].rowNumber, reports };
  };

  try {
    total = await estimateRows(job.filePath, table);
    await importer.begin();
    for await (const row of table.rows) {
      if (row.rowNumber <= resumeAfter) importer.replay(row);
      else batch.push(row);
      if (batch.length >= batchSize) await runBatch();
    }
    await runBatch();
    await settle();
    await timed('flush', () => importer.flush());
    total = report.processed;
    const finishedAt = clock.now();
    await save({ status: 'done', checkpoint: report.checkpoint(lastRow), finishedAt, failure: null });
    await options.onProgress?.({ processed: report.processed, total });
    await releaseFile(job);
    return 'done';
  } catch (err) {
    if (err instanceof LostClaim) return 'lost';
    if (err instanceof Aborted) return 'aborted';
    if (!isImportFileError(err)) throw err;
    // The file broke part-way (e.g. a damaged XLSX): rows before it stay imported.
    await settle().catch(() => undefined);
    await failImport(job, options.attempt, { code: err.code, message: fileErrorToAppError(err).message });
    return 'failed';
  } finally {
    await table.close();
  }
}
