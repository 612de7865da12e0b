import { toHalfWidth } from './text';

/**
 * Money is stored as integer fen (分) so sums never drift; DMS exports show yuan with
 * decoration: '1,234.50', '¥1234.5', '1234.5元', 'RMB 88'.
 */

const CURRENCY_DECORATION = /^(?:RMB|CNY|¥|￥)|元$|[\s,]/gi;
const DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?$/;

/**
 * Exact decimal-string → hundredths, rounding half away from zero at the third decimal.
 * Works on the string so that '0.29' is 29, not 28.999… as with float maths.
 */
function decimalToHundredths(text: string): number | null {
  const m = DECIMAL.exec(text);
  if (m === null) return null;
  const [, sign, whole, fraction = ''] = m;
  const padded = (fraction + '000').slice(0, 3);
  let hundredths = Number(whole) * 100 + Number(padded.slice(0, 2));
  if (Number(padded[2]) >= 5) hundredths += 1;
  if (!Number.isSafeInteger(hundredths)) return null;
  return sign === '-' ? -hundredths : hundredths;
}

/** Yuan (text or number) → integer fen; null when it is not an amount. */
export function parseYuanToFen(raw: string | number | null | undefined): number | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'number') {
    // toFixed(6) turns float noise (1234.499999999) back into the decimal that was typed.
    return Number.isFinite(raw) ? decimalToHundredths(raw.toFixed(6)) : null;
  }
  const text = toHalfWidth(raw).trim().replace(CURRENCY_DECORATION, '');
  return text === '' ? null : decimalToHundredths(text);
}

/** 123450 → '1,234.50' */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

const MILEAGE_DECORATION = /(?:km|公里|千米)$|[\s,]/gi;

/** Odometer reading in whole km: '35,000', '35000km', '３５０００公里' → 35000; null if not a number. */
export function parseMileageKm(raw: string | number | null | undefined): number | null {
  if (raw === null || raw === undefined) return null;
  const text =
    typeof raw === 'number' ? String(raw) : toHalfWidth(raw).trim().replace(MILEAGE_DECORATION, '');
  if (!/^-?\d+(?:\.\d+)?$/.test(text)) return null;
  return Math.round(Number(text));
}
