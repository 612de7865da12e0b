import { z } from 'zod';
import { objectId, pagination, pageOf } from './common';

/** DMS import jobs (POST /api/imports and the status endpoints). */

export const IMPORT_KINDS = ['customers', 'repair_orders'] as const;
export const importKind = z.enum(IMPORT_KINDS);
export type ImportKind = z.infer<typeof importKind>;
export const IMPORT_KIND_LABELS: Record<ImportKind, string> = {
  customers: '客户及车辆',
  repair_orders: '维修工单'
};

export const IMPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export const importStatus = z.enum(IMPORT_STATUSES);
export type ImportStatus = z.infer<typeof importStatus>;

/** `{ "<header in the file>": "<canonical field>" | "ignore" }`; field names are checked by the server. */
export const importMapping = z.record(z.string().trim().min(1).max(100), z.string().min(1).max(40));
export type ImportMapping = z.infer<typeof importMapping>;

/**
 * The text fields of the multipart upload (the file itself travels as the `file` part).
 * Multipart values are strings, hence the string booleans and the JSON-encoded mapping.
 */
export const createImportFields = z.strictObject({
  kind: importKind,
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  mapping: z
    .string()
    .max(20_000)
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text.trim() === '') return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: '字段映射不是有效的 JSON' });
        return z.NEVER;
      }
    })
    .pipe(importMapping.optional()),
  /** Group admins name the dealership; managers always import into their own. */
  dealershipId: objectId.optional()
});
export type CreateImportFields = z.input<typeof createImportFields>;

export const importAccepted = z.object({ id: objectId });

export const importCounts = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  failed: z.number().int()
});
export type ImportCounts = z.infer<typeof importCounts>;

export const importRowError = z.object({
  rowNumber: z.number().int(),
  column: z.string(),
  reason: z.string()
});
export type ImportRowError = z.infer<typeof importRowError>;

export const importPreviewRow = z.object({
  rowNumber: z.number().int(),
  outcome: z.enum(['created', 'updated', 'unchanged']),
  record: z.record(z.string(), z.unknown())
});

const importBase = {
  id: objectId,
  dealershipId: objectId,
  /** null when an operator ran the import from the command line. */
  staffId: objectId.nullable(),
  kind: importKind,
  dryRun: z.boolean(),
  fileName: z.string(),
  mapping: importMapping,
  status: importStatus,
  /** `total` is an estimate while running (null when unknown, e.g. XLSX); exact once done. */
  progress: z.object({ processed: z.number().int(), total: z.number().int().nullable() }),
  counts: importCounts,
  errorCount: z.number().int(),
  warningsCount: z.number().int(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  failure: z.object({ code: z.string(), message: z.string() }).nullable()
};

export const importSummary = z.object(importBase);
export type ImportSummary = z.infer<typeof importSummary>;

/** How the file's columns were read: recognised (by alias or by a mapping) and ignored. */
export const importColumns = z.object({
  recognised: z.array(
    z.object({
      column: z.string(),
      field: z.string(),
      /** The field's name in the UI (客户姓名, 付费类型…). */
      label: z.string(),
      /** 'mapping': by the uploader's or the dealership's saved mapping; 'alias': by its header. */
      by: z.enum(['alias', 'mapping'])
    })
  ),
  ignored: z.array(z.string()),
  /** Fields a column may be mapped to, for the mapping picker. */
  targets: z.array(z.object({ field: z.string(), label: z.string() }))
});
export type ImportColumns = z.infer<typeof importColumns>;

/** Values that could not be read, per column and reason, with a few examples. */
export const importUnreadable = z.object({
  column: z.string(),
  reason: z.string(),
  count: z.number().int(),
  examples: z.array(z.string())
});
export type ImportUnreadable = z.infer<typeof importUnreadable>;

export const importJob = z.object({
  ...importBase,
  /** null until the run has read the header. */
  columns: importColumns.nullable(),
  unreadable: z.array(importUnreadable),
  /** Dry runs: the first normalised records, as they would be written. */
  preview: z.array(importPreviewRow),
  /** The first 1000 row errors (errorCount is the total); errors.csv lists the same. */
  errors: z.array(importRowError)
});
export type ImportJob = z.infer<typeof importJob>;

export const listImportsQuery = z.strictObject({ ...pagination, dealershipId: objectId.optional() });
export const importList = pageOf(importSummary);
