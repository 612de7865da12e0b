import type { ImportColumns, ImportUnreadable } from '@dealer/shared';
import { FIELD_LABELS } from './file-check';
import {
  CANONICAL_FIELDS,
  normalizeHeader,
  ROW_ISSUE_REASONS,
  type CanonicalField,
  type ColumnMap,
  type HeaderMapping,
  type RowIssue
} from './parsing';

/** What the dry run shows the manager about the file's columns (see ImportColumns). */
export function columnReport(
  headers: readonly string[],
  columns: ColumnMap,
  mapping: HeaderMapping | Readonly<Record<string, string>>
): ImportColumns {
  const mapped = new Set(Object.keys(mapping).map(normalizeHeader));
  const fieldOf = new Map<string, CanonicalField>();
  for (const [field, list] of Object.entries(columns.fields) as [CanonicalField, string[]][])
    for (const column of list) fieldOf.set(column, field);
  const recognised = headers.flatMap((column) => {
    const field = fieldOf.get(column);
    if (!field) return [];
    const by: 'alias' | 'mapping' = mapped.has(normalizeHeader(column)) ? 'mapping' : 'alias';
    return [{ column, field, label: FIELD_LABELS[field], by }];
  });
  return {
    recognised,
    ignored: headers.filter((column) => !fieldOf.has(column)),
    targets: CANONICAL_FIELDS.map((field) => ({ field, label: FIELD_LABELS[field] }))
  };
}

const MAX_UNREADABLE_GROUPS = 50;
const MAX_EXAMPLES = 3;

/** A cell whose value could not be read (as opposed to a missing value or a plausibility warning). */
const isUnreadable = (issue: RowIssue): boolean =>
  issue.value !== undefined && /^(invalid|unknown)_/.test(issue.reason);

/** Counts unreadable values per column and reason, keeping the first few distinct examples. */
export class UnreadableValues {
  private readonly groups: ImportUnreadable[];

  constructor(restored: readonly ImportUnreadable[] = []) {
    this.groups = restored.map((g) => ({ ...g, examples: [...g.examples] }));
  }

  add(issues: readonly RowIssue[]): boolean {
    let changed = false;
    for (const issue of issues.filter(isUnreadable)) {
      const reason = ROW_ISSUE_REASONS[issue.reason];
      let group = this.groups.find((g) => g.column === issue.column && g.reason === reason);
      if (!group) {
        if (this.groups.length >= MAX_UNREADABLE_GROUPS) continue;
        group = { column: issue.column, reason, count: 0, examples: [] };
        this.groups.push(group);
      }
      group.count += 1;
      const example = issue.value ?? '';
      if (group.examples.length < MAX_EXAMPLES && !group.examples.includes(example))
        group.examples.push(example);
      changed = true;
    }
    return changed;
  }

  list(): ImportUnreadable[] {
    return this.groups.map((g) => ({ ...g, examples: [...g.examples] }));
  }
}
