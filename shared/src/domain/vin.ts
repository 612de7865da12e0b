import { toHalfWidth } from './text';

/** 17 characters; I, O and Q are never used (ISO 3779, GB 16735). */
const VIN_PATTERN = /^[A-HJ-NPR-Z0-9]{17}$/;

/** ISO 3779 / 49 CFR 565 transliteration of letters to numbers for the check digit. */
// prettier-ignore
const TRANSLITERATION: Readonly<Record<string, number>> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8,
  J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9
};
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
const CHECK_DIGIT_INDEX = 8;

/** Uppercase, half-width, no whitespace, no Excel text-marker apostrophe. */
export function normalizeVin(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const vin = toHalfWidth(raw).replace(/^'/, '').replace(/\s+/g, '').toUpperCase();
  return vin === '' ? null : vin;
}

export function isValidVinFormat(vin: string): boolean {
  return VIN_PATTERN.test(vin);
}

/** The expected 9th character of a well-formed VIN ('0'-'9' or 'X'), null if malformed. */
export function computeVinCheckDigit(vin: string): string | null {
  if (!isValidVinFormat(vin)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const ch = vin[i];
    const value = ch >= '0' && ch <= '9' ? Number(ch) : TRANSLITERATION[ch];
    sum += value * WEIGHTS[i];
  }
  const remainder = sum % 11;
  return remainder === 10 ? 'X' : String(remainder);
}

/**
 * Position-9 check digit (mandatory in North America and under GB 16735 in China).
 * Imported data is imperfect and some foreign-market VINs do not use it, so callers
 * treat a mismatch as a warning, never as a reason to reject.
 */
export function vinCheckDigitOk(vin: string): boolean {
  const expected = computeVinCheckDigit(vin);
  return expected !== null && vin[CHECK_DIGIT_INDEX] === expected;
}

/** Owners identify themselves at the counter with the last six characters. */
export function vinLast6(vin: string): string | null {
  const normalized = normalizeVin(vin);
  return normalized !== null && normalized.length >= 6 ? normalized.slice(-6) : null;
}
