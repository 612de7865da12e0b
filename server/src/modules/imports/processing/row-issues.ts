import { ROW_ISSUE_REASONS, type RowIssue, type RowResult } from '../parsing';
import type { RowIssueText, RowReport } from './types';

/** Parser issues → the text shown in the error list and errors.csv. */
export function issueTexts(issues: readonly RowIssue[]): RowIssueText[] {
  return issues.map((i) => ({
    column: i.column,
    reason: `${ROW_ISSUE_REASONS[i.reason]}${i.value === undefined ? '' : `（${i.value}）`}`
  }));
}

export function rowFailure(rowNumber: number, errors: RowIssueText[], warnings: number): RowReport {
  return { rowNumber, outcome: 'failed', errors, warnings };
}

/** Every issue the parser found in a row (errors and warnings). */
export function issuesOf(result: RowResult<unknown>): RowIssue[] {
  return result.ok ? result.warnings : [...result.errors, ...result.warnings];
}

/** The batch's row reports in file order, each with its parser issues. */
export function withIssues(plan: {
  rows: readonly number[];
  reports: ReadonlyMap<number, RowReport>;
  issues: ReadonlyMap<number, RowIssue[]>;
}): RowReport[] {
  return plan.rows.flatMap((r) => {
    const report = plan.reports.get(r);
    return report ? [{ ...report, issues: plan.issues.get(r) ?? [] }] : [];
  });
}
