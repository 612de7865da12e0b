import { Types } from 'mongoose';
import type { ImportJob as ImportJobView, ImportKind, ImportSummary } from '@dealer/shared';
import { clock } from '../../lib/clock';
import { notFound } from '../../lib/errors';
import type { StaffAuth } from '../../http/auth-context';
import { mayActOn } from '../../http/dealership-scope';
import { ImportJob, type ImportJobRecord } from './import.model';
import { MAX_STORED_ERRORS } from './import-report';
import type { HeaderMapping } from './parsing';

export interface NewImport {
  dealershipId: Types.ObjectId | string;
  staffId: Types.ObjectId | string | null;
  kind: ImportKind;
  dryRun: boolean;
  fileName: string;
  filePath: string;
  /** Uploads are deleted when the job ends; an operator's own file is left alone. */
  ownsFile: boolean;
  mapping: HeaderMapping;
}

/**
 * Queues a job; a worker picks it up (the caller wakes the local one). `runHere` records it
 * as running with a fresh heartbeat instead, so no worker polling the queue takes it
 * before the caller (the CLI) claims it.
 */
export async function createImportJob(input: NewImport, runHere = false): Promise<ImportJobRecord> {
  const now = clock.now();
  const doc = await ImportJob.create({
    ...input,
    mapping: mappingPairs(input.mapping),
    status: runHere ? 'running' : 'queued',
    heartbeatAt: runHere ? now : null,
    dealershipId: new Types.ObjectId(String(input.dealershipId)),
    staffId: input.staffId === null ? null : new Types.ObjectId(String(input.staffId)),
    createdAt: now,
    updatedAt: now
  });
  return doc.toObject() as ImportJobRecord;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export const mappingPairs = (mapping: HeaderMapping) =>
  Object.entries(mapping).map(([header, field]) => ({ header, field }));

export function mappingOf(job: Pick<ImportJobRecord, 'mapping'>): Record<string, string> {
  return Object.fromEntries((job.mapping ?? []).map((p) => [p.header, p.field]));
}

export function presentImportSummary(job: ImportJobRecord): ImportSummary {
  return {
    id: String(job._id),
    dealershipId: String(job.dealershipId),
    staffId: job.staffId ? String(job.staffId) : null,
    kind: job.kind,
    dryRun: job.dryRun,
    fileName: job.fileName,
    mapping: mappingOf(job),
    status: job.status,
    progress: { processed: job.progress?.processed ?? 0, total: job.progress?.total ?? null },
    counts: {
      created: job.counts?.created ?? 0,
      updated: job.counts?.updated ?? 0,
      unchanged: job.counts?.unchanged ?? 0,
      failed: job.counts?.failed ?? 0
    },
    errorCount: job.errorCount ?? 0,
    warningsCount: job.warningsCount ?? 0,
    createdAt: job.createdAt.toISOString(),
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
    failure: job.failure?.code ? { code: job.failure.code, message: job.failure.message ?? '' } : null
  };
}

/** The status answer: everything but the stored file's path. */
export function presentImport(job: ImportJobRecord): ImportJobView {
  return {
    ...presentImportSummary(job),
    preview: (job.preview ?? []) as ImportJobView['preview'],
    columns: (job.columnReport ?? null) as ImportJobView['columns'],
    unreadable: (job.unreadable ?? []) as ImportJobView['unreadable'],
    errors: (job.rowErrors ?? []).map((e) => ({ rowNumber: e.rowNumber, column: e.column, reason: e.reason }))
  };
}

/** A job the caller may see: their dealership's (any, for a group admin); 404 otherwise. */
export async function findImportFor(auth: StaffAuth, id: string): Promise<ImportJobRecord> {
  const job = await ImportJob.findById(id).lean<ImportJobRecord>();
  if (!job) throw notFound('导入任务');
  if (!mayActOn(auth, String(job.dealershipId))) throw notFound('导入任务');
  return job;
}

export async function listImports(dealershipId: string | null, page: number, pageSize: number) {
  const filter = dealershipId ? { dealershipId: new Types.ObjectId(dealershipId) } : {};
  const [rows, total] = await Promise.all([
    ImportJob.find(filter, { rowErrors: 0, preview: 0 })
      .sort({ createdAt: -1 })
      .skip((page - 1) * pageSize)
      .limit(pageSize)
      .lean<ImportJobRecord[]>(),
    ImportJob.countDocuments(filter)
  ]);
  return { items: rows.map(presentImportSummary), total, page, pageSize };
}

/** Spreadsheet apps run cells starting with these as formulas. */
function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** UTF-8 with BOM so that Excel on Chinese Windows shows the text instead of mojibake. */
export function errorsCsv(job: ImportJobRecord): string {
  const lines = [['行号', '列', '原因'].join(',')];
  for (const e of job.rowErrors ?? []) lines.push([e.rowNumber, e.column, e.reason].map(csvCell).join(','));
  const more = (job.errorCount ?? 0) - (job.rowErrors?.length ?? 0);
  if (more > 0)
    lines.push(['', '', csvCell(`另有 ${more} 条错误未列出（只保留前 ${MAX_STORED_ERRORS} 条）`)].join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
