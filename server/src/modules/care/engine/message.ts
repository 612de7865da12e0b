import { fitKeywordData, KeywordValueError } from '@dealer/shared/domain/calendar/keyword-text';

/** Values for a rule's `{placeholder}` texts (shared/src/api/care.ts CARE_PLACEHOLDERS). */
export interface MessageVars {
  name: string;
  dealership: string;
  /** The occasion day, 'YYYY-MM-DD'. */
  date: string;
  festival: string;
  occasion: string;
  advisor: string;
  years: string;
}

/** '2025-05-01' → '2025年5月1日', a form every keyword type that shows text accepts. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export function renderText(text: string, vars: MessageVars): string {
  return text.replace(/\{([a-z]+)\}/g, (whole, key: string) => {
    if (key === 'date') return chineseDate(vars.date);
    return key in vars ? vars[key as keyof MessageVars] : whole;
  });
}

export type FittedData = Record<string, { value: string }>;

/**
 * The subscribe `data` for one customer: each keyword's template rendered, then fitted to
 * the keyword's limits (thing ≤ 20 characters, …) so WeChat does not refuse it with 47003.
 * A value that cannot be fitted (data, not text) is an error for the dispatch log.
 */
export function subscribeData(
  mapping: Record<string, string>,
  vars: MessageVars
): { data: FittedData } | { error: string } {
  return fittedData(Object.fromEntries(Object.entries(mapping).map(([k, t]) => [k, renderText(t, vars)])));
}

/** Keyword values fitted to their limits, or the error for the dispatch log. */
export function fittedData(values: Record<string, string>): { data: FittedData } | { error: string } {
  try {
    return { data: fitKeywordData(values) };
  } catch (err) {
    if (err instanceof KeywordValueError || err instanceof RangeError) return { error: err.message };
    throw err;
  }
}
