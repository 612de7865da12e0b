import { toHalfWidth } from './text';

/** Mainland China mobile numbers: 11 digits, 1 then 3-9 (13x…19x). */
const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

/** Characters people put inside a phone number for readability. */
const DECORATION = /[\s\-.()\u00b7\u2010-\u2015]/g;

/** Several numbers in one cell ("13812345678/13912345678") are split on these. */
const LIST_SEPARATORS = /[/,;、，；|]/;

export function isValidMobile(s: string): boolean {
  return MOBILE_PATTERN.test(s);
}

/** Null for another country's number ('+1 415…' must not pass as a 14x mobile). */
function stripCountryCode(digits: string): string | null {
  if (digits.startsWith('+')) return digits.startsWith('+86') ? digits.slice(3) : null;
  if (digits.startsWith('00') && !digits.startsWith('0086')) return null;
  if (digits.length === 15 && digits.startsWith('0086')) return digits.slice(4);
  if (digits.length === 13 && digits.startsWith('86')) return digits.slice(2);
  // A leading trunk 0 ("013812345678") is how some landlines dial a mobile in another city.
  if (digits.length === 12 && digits.startsWith('01')) return digits.slice(1);
  return digits;
}

/**
 * '+86 138-1234-5678', '（0086）13812345678', '１３８１２３４５６７８' → '13812345678'.
 * When a cell lists several numbers the first valid mobile wins; landlines and
 * Excel-mangled values ('1.38123E+10') give null.
 */
export function normalizeMobile(raw: string | number | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const text = typeof raw === 'number' ? (Number.isSafeInteger(raw) ? String(raw) : '') : toHalfWidth(raw);
  for (const part of text.split(LIST_SEPARATORS)) {
    const compact = part.replace(/^'/, '').replace(DECORATION, '');
    if (!/^\+?\d+$/.test(compact)) continue;
    const candidate = stripCountryCode(compact);
    if (candidate !== null && isValidMobile(candidate)) return candidate;
  }
  return null;
}

/** '138****5678' for lists and logs where the full number must not be shown. */
export function maskMobile(mobile: string): string {
  return mobile.length === 11 ? `${mobile.slice(0, 3)}****${mobile.slice(7)}` : mobile;
}
