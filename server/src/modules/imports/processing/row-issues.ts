import { ROW_ISSUE_REASONS, type RowIssue } from '../parsing';
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
