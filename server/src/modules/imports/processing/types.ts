import type { Types } from 'mongoose';
import type { ImportHooks } from '../import-hooks';
import type { ColumnMap, RowIssue, TableRow } from '../parsing';

export type RowOutcome = 'created' | 'updated' | 'unchanged' | 'failed';

export interface RowIssueText {
  column: string;
  reason: string;
}

/** What one row did; every row is counted exactly once under its outcome. */
export interface RowReport {
  rowNumber: number;
  outcome: RowOutcome;
  errors: RowIssueText[];
  warnings: number;
  /** The normalised record, for dry-run previews. */
  record?: Record<string, unknown>;
  /** The row's parser issues, for the report of unreadable values. */
  issues?: readonly RowIssue[];
}

export interface ImportContext {
  dealershipId: Types.ObjectId;
  dryRun: boolean;
  columns: ColumnMap;
  /** Dealership calendar day (Asia/Shanghai) for plausibility checks. */
  today: string;
  now: Date;
  /** Told what each batch wrote (see ImportHooks). */
  hooks: ImportHooks;
  /**
   * A later run of a job an earlier run may have left half done (a crash): rows it finds already
   * stored and unchanged may still lack their hooks' effects, so they are handed to the hooks too.
   */
  resumed: boolean;
}

/**
 * One kind of import, fed rows in batches by the runner. A batch is planned (reads and
 * decisions) and then written; batches are planned and written in file order, and the
 * next batch is planned while the previous one is being written (reads of one overlap
 * writes of the other), so planning must not depend on the previous batch's writes
 * having landed — each importer remembers what this file already wrote.
 */
export interface BatchImporter<Plan = unknown> {
  /**
   * Rows between checkpoints. A checkpoint flushes deferred writes; a run that crashes
   * resumes from the last one, and rows it redoes count as unchanged the second time.
   */
  readonly checkpointRows: number;
  /** Loads what the whole job needs (e.g. advisors) before the first batch. */
  begin(): Promise<void>;
  /** A row already imported before a resume: only remembered, so later duplicates are known. */
  replay(row: TableRow): void;
  /** Normalises, looks up and decides; writes nothing. */
  plan(rows: readonly TableRow[]): Promise<Plan>;
  /** Writes a planned batch (unless dry) and reports each of its rows. */
  write(plan: Plan): Promise<RowReport[]>;
  /** Writes deferred work (e.g. vehicle mileage) so that a checkpoint covers it. */
  flush(): Promise<void>;
}
