import { toHalfWidth } from './text';

/** One-character abbreviations of the 31 mainland provinces, as on plates. */
export const PLATE_PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';

// Plates never use I or O (confusable with 1 and 0).
const LETTER = 'A-HJ-NP-Z';
const ALNUM = `${LETTER}0-9`;
const PROVINCE = `[${PLATE_PROVINCES}]`;

const PLATE_PATTERNS: readonly RegExp[] = [
  // Ordinary (GA 36): 粤B12345, 粤BA123C.
  new RegExp(`^${PROVINCE}[${LETTER}][${ALNUM}]{5}$`),
  // Small new-energy: 粤BD12345 / 粤BFA1234. Since 2022 the first serial letter may be
  // A-E (battery electric) or F-K (other new energy); the last four are always digits.
  new RegExp(`^${PROVINCE}[${LETTER}][A-HJK][${ALNUM}]\\d{4}$`),
  // Large new-energy (buses, trucks): 粤B12345D.
  new RegExp(`^${PROVINCE}[${LETTER}]\\d{5}[DF]$`),
  // Trailer, driving-school, police and consulate plates end in a character.
  new RegExp(`^${PROVINCE}[${LETTER}][${ALNUM}]{4}[挂学警领]$`),
  // Cross-border Guangdong plates for Hong Kong / Macau vehicles.
  new RegExp(`^粤Z[${ALNUM}]{4}[港澳]$`)
];

/** Separators seen in exported plates: middle dots (·•・‧), dots, dashes, spaces. */
const SEPARATORS = /[\s.\-\u00b7\u2022\u2027\u30fb\u2010-\u2015_]/g;

/** '粤B·12345' → '粤B12345', '京a 12345' → '京A12345'; null when nothing is left. */
export function normalizePlate(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const plate = toHalfWidth(raw).replace(/^'/, '').replace(SEPARATORS, '').toUpperCase();
  return plate === '' ? null : plate;
}

/** Expects a normalised plate (see normalizePlate). */
export function isValidPlate(plate: string): boolean {
  return PLATE_PATTERNS.some((pattern) => pattern.test(plate));
}

export function isNewEnergyPlate(plate: string): boolean {
  return plate.length === 8 && isValidPlate(plate);
}
