import { z } from 'zod';
import { toHalfWidth } from '@dealer/shared/domain';
import { CANONICAL_FIELDS, HEADER_ALIASES, type CanonicalField } from './header-aliases';
import { ImportFileError } from './errors';

export { CANONICAL_FIELDS, HEADER_ALIASES, type CanonicalField };

/** A user's `{ "<header in file>": "<canonical field>" }`; 'ignore' drops a column. */
export type HeaderMapping = Readonly<Record<string, CanonicalField | 'ignore'>>;

/** Which file columns feed each field (headers exactly as in the file, best first). */
export interface ColumnMap {
  readonly fields: Readonly<Partial<Record<CanonicalField, readonly string[]>>>;
  readonly unrecognised: readonly string[];
}

/**
 * Comparison key of a header: half-width, lowercase, no bracketed units ('金额(元)',
 * '里程【km】'), no spaces or punctuation, no required-field star.
 */
export function normalizeHeader(header: string): string {
  return toHalfWidth(header)
    .toLowerCase()
    .replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕/g, '')
    .replace(/[\s*:：._\-#]+/g, '');
}

const ALIAS_INDEX: ReadonlyMap<string, { field: CanonicalField; rank: number }> = (() => {
  const index = new Map<string, { field: CanonicalField; rank: number }>();
  for (const field of CANONICAL_FIELDS) {
    HEADER_ALIASES[field].forEach((alias, rank) => index.set(normalizeHeader(alias), { field, rank }));
  }
  return index;
})();

function lookup(header: string): { field: CanonicalField; rank: number } | null {
  const direct = ALIAS_INDEX.get(normalizeHeader(header));
  if (direct) return direct;
  // Combined headers such as 'VIN/车架号' name one field twice.
  for (const part of header.split(/[/|｜]/)) {
    const hit = part !== header ? ALIAS_INDEX.get(normalizeHeader(part)) : undefined;
    if (hit) return hit;
  }
  return null;
}

export function recognizeHeader(header: string): CanonicalField | null {
  return lookup(header)?.field ?? null;
}

const mappingSchema = z.record(z.string().trim().min(1), z.string());

/** Validates a user-supplied mapping; unknown target fields → INVALID_MAPPING. */
export function parseHeaderMapping(input: unknown): HeaderMapping {
  const parsed = mappingSchema.safeParse(input ?? {});
  if (!parsed.success)
    throw new ImportFileError('INVALID_MAPPING', 'Mapping must be an object of header → field');
  const allowed = new Set<string>([...CANONICAL_FIELDS, 'ignore']);
  const invalid = Object.entries(parsed.data).filter(([, field]) => !allowed.has(field));
  if (invalid.length > 0) {
    const list = invalid.map(([header, field]) => `${header} → ${field}`).join(', ');
    throw new ImportFileError('INVALID_MAPPING', `Unknown field(s) in mapping: ${list}`, {
      invalid: Object.fromEntries(invalid),
      allowed: [...allowed]
    });
  }
  return parsed.data as HeaderMapping;
}

function mappedField(header: string, mapping: HeaderMapping): CanonicalField | 'ignore' | undefined {
  const key = normalizeHeader(header);
  for (const [from, to] of Object.entries(mapping)) if (normalizeHeader(from) === key) return to;
  return undefined;
}

/**
 * Assigns file headers to fields. An explicit mapping wins: a field the user mapped is
 * fed only by the columns they named, and a mapped column is removed from the field it
 * was recognised as.
 */
export function buildColumnMap(headers: readonly string[], mapping: HeaderMapping = {}): ColumnMap {
  const explicit = new Map<CanonicalField, string[]>();
  const automatic: { field: CanonicalField; rank: number; position: number; header: string }[] = [];
  const unrecognised: string[] = [];
  headers.forEach((header, position) => {
    const target = mappedField(header, mapping);
    if (target === 'ignore') return;
    if (target !== undefined) {
      explicit.set(target, [...(explicit.get(target) ?? []), header]);
      return;
    }
    const hit = lookup(header);
    if (hit) automatic.push({ ...hit, position, header });
    else unrecognised.push(header);
  });
  const fields: Partial<Record<CanonicalField, string[]>> = Object.fromEntries(explicit);
  automatic.sort((a, b) => a.rank - b.rank || a.position - b.position);
  for (const { field, header } of automatic) {
    if (explicit.has(field)) unrecognised.push(header);
    else fields[field] = [...(fields[field] ?? []), header];
  }
  return { fields, unrecognised };
}

/** Header-row detection: how many cells of a row name a known field. */
export function countRecognisedHeaders(cells: readonly string[], mapping: HeaderMapping = {}): number {
  const found = new Set<string>();
  for (const cell of cells) {
    const target = mappedField(cell, mapping);
    const field = target === undefined ? recognizeHeader(cell) : target === 'ignore' ? null : target;
    if (field) found.add(field);
  }
  return found.size;
}

export type TableKind = 'customers' | 'repair_orders';

/** A repair-order export is the one with RO numbers; customer exports have names. */
export function detectTableKind(columns: ColumnMap): TableKind | null {
  if (columns.fields.roNumber) return 'repair_orders';
  if (columns.fields.name) return 'customers';
  return null;
}

const REQUIRED: Readonly<Record<TableKind, readonly (readonly CanonicalField[])[]>> = {
  customers: [['name'], ['mobile', 'plate', 'vin']],
  repair_orders: [['roNumber'], ['serviceDate'], ['vin', 'plate']]
};

/** Requirements no column satisfies, e.g. [['vin', 'plate']] = "needs a VIN or plate column". */
export function missingRequiredColumns(kind: TableKind, columns: ColumnMap): CanonicalField[][] {
  return REQUIRED[kind]
    .filter((anyOf) => !anyOf.some((field) => columns.fields[field]))
    .map((anyOf) => [...anyOf]);
}
