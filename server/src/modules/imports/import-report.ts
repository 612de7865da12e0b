import type { ImportColumns, ImportCounts, ImportRowError, ImportUnreadable } from '@dealer/shared';
import { UnreadableValues } from './column-report';
import type { ImportJobRecord } from './import.model';
import type { RowReport } from './processing/types';

export const MAX_STORED_ERRORS = 1000;
export const MAX_PREVIEW_ROWS = 20;

export interface PreviewRow {
  rowNumber: number;
  outcome: 'created' | 'updated' | 'unchanged';
  record: Record<string, unknown>;
}

/** Running totals of a job, restored from its checkpoint when a run resumes. */
export class ImportReport {
  counts: ImportCounts;
  errors: ImportRowError[];
  errorCount: number;
  warningsCount: number;
  processed: number;
  preview: PreviewRow[];
  private readonly unreadable: UnreadableValues;
  private columns: ImportColumns | null = null;
  /** Errors or preview changed since the last save (they are rewritten only then). */
  private listsChanged = true;

  constructor(job: Pick<ImportJobRecord, 'checkpoint' | 'rowErrors' | 'preview'>) {
    this.unreadable = new UnreadableValues((job.checkpoint?.unreadable ?? []) as ImportUnreadable[]);
    const cp = job.checkpoint;
    this.counts = {
      created: cp?.counts?.created ?? 0,
      updated: cp?.counts?.updated ?? 0,
      unchanged: cp?.counts?.unchanged ?? 0,
      failed: cp?.counts?.failed ?? 0
    };
    this.errors = (job.rowErrors ?? [])
      .slice(0, cp?.errorsKept ?? 0)
      .map((e) => ({ rowNumber: e.rowNumber, column: e.column, reason: e.reason }));
    this.errorCount = cp?.errorCount ?? 0;
    this.warningsCount = cp?.warningsCount ?? 0;
    this.processed = cp?.processed ?? 0;
    const resumeAfter = cp?.rowNumber ?? 0;
    this.preview = ((job.preview ?? []) as PreviewRow[]).filter((p) => p.rowNumber <= resumeAfter);
  }

  /** The file's recognised and ignored columns, saved with the next progress. */
  setColumns(columns: ImportColumns): void {
    this.columns = columns;
    this.listsChanged = true;
  }

  add(row: RowReport, keepPreview: boolean): void {
    this.processed += 1;
    if (row.issues && this.unreadable.add(row.issues)) this.listsChanged = true;
    this.counts[row.outcome] += 1;
    this.warningsCount += row.warnings;
    for (const e of row.errors) {
      this.errorCount += 1;
      if (this.errors.length < MAX_STORED_ERRORS) {
        this.errors.push({ rowNumber: row.rowNumber, ...e });
        this.listsChanged = true;
      }
    }
    if (keepPreview && row.outcome !== 'failed' && row.record && this.preview.length < MAX_PREVIEW_ROWS) {
      this.preview.push({ rowNumber: row.rowNumber, outcome: row.outcome, record: row.record });
      this.listsChanged = true;
    }
  }

  /** Fields of the job document that show the totals (the lists only when they changed). */
  fields(): Record<string, unknown> {
    const lists = this.listsChanged
      ? {
          rowErrors: this.errors,
          preview: this.preview,
          unreadable: this.unreadable.list(),
          ...(this.columns ? { columnReport: this.columns } : {})
        }
      : {};
    this.listsChanged = false;
    return {
      counts: { ...this.counts },
      errorCount: this.errorCount,
      warningsCount: this.warningsCount,
      ...lists
    };
  }

  checkpoint(rowNumber: number) {
    return {
      rowNumber,
      processed: this.processed,
      counts: { ...this.counts },
      errorCount: this.errorCount,
      errorsKept: this.errors.length,
      warningsCount: this.warningsCount,
      unreadable: this.unreadable.list()
    };
  }
}
