import { isIsoDate } from '../dates';
import { normalizePlate } from '../plate';
import { toHalfWidth } from '../text';
import { codePointLength, singleLine, truncateCodePoints } from './code-points';
import { shanghaiInstant, shanghaiParts } from './send-window';

/**
 * Values for subscribe-message keywords (docs/wechat.md "Subscribe messages"); a value that
 * breaks its type's rule fails the whole send with 47003.
 *
 * Free text (thing, name, phrase) is shortened to fit: a cut greeting still reads. Data
 * (number, amount, phone_number, car_number, character_string, letter, symbol) is only
 * tidied (spaces, full-width digits) and otherwise rejected with KeywordValueError: a
 * phone number or order number cut to fit would be wrong, not short. Dates and times are
 * formatted from ISO input in Asia/Shanghai.
 */

export const KEYWORD_TYPES = [
  'thing',
  'number',
  'letter',
  'symbol',
  'character_string',
  'time',
  'date',
  'amount',
  'phone_number',
  'car_number',
  'name',
  'phrase'
] as const;
export type KeywordType = (typeof KEYWORD_TYPES)[number];

export type KeywordInput = string | number | Date;

export class KeywordValueError extends Error {
  readonly code = 'invalid_keyword_value';
  constructor(
    readonly type: KeywordType,
    readonly value: KeywordInput,
    reason: string
  ) {
    super(`${type} keyword: ${reason} (got ${JSON.stringify(value)})`);
    this.name = 'KeywordValueError';
  }
}

/** 'thing1' → 'thing', 'character_string12' → 'character_string'; null when unknown. */
export function keywordType(key: string): KeywordType | null {
  const m = /^([a-z_]+?)(\d+)$/.exec(key);
  const type = m?.[1];
  return KEYWORD_TYPES.find((t) => t === type) ?? null;
}

const LIMITS = {
  thing: 20,
  number: 32,
  letter: 32,
  symbol: 5,
  character_string: 32,
  phone_number: 17,
  car_number: 8
};
const NAME_LIMIT_CHINESE = 10;
const NAME_LIMIT_LATIN = 20;
const PHRASE_LIMIT = 5;

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO input → the instant it names. Without an offset it is Shanghai wall-clock time. */
function toInstant(value: string | Date): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?(?:(Z)|([+-]\d{2}):?(\d{2}))?$/.exec(
    value
  );
  if (m === null || !isIsoDate(m[1])) return null;
  if (m[4] !== undefined || m[5] !== undefined) {
    // Rebuilt in the one form every JS engine parses ('+0800' is not, on some).
    const zone = m[4] ?? `${m[5]}:${m[6]}`;
    const instant = new Date(`${m[1]}T${m[2]}${m[3] ?? ':00'}${zone}`);
    return Number.isNaN(instant.getTime()) ? null : instant;
  }
  try {
    return shanghaiInstant(m[1], m[2]);
  } catch {
    return null; // an hour like 25:00
  }
}

const CN_DATE = String.raw`\d{4}年\d{1,2}月\d{1,2}日`;
const CLOCK = String.raw`(?:[01]\d|2[0-3]):[0-5]\d`;
/** Values already in WeChat's form, ranges ('~') included, pass through. */
const FORMATTED_TIME = new RegExp(`^(?:${CN_DATE} )?${CLOCK}(?: ?~ ?(?:${CN_DATE} )?${CLOCK})?$`);
const FORMATTED_DATE = new RegExp(`^${CN_DATE}(?: ${CLOCK})?(?: ?~ ?${CN_DATE}(?: ${CLOCK})?)?$`);

function formatTime(type: KeywordType, value: KeywordInput): string {
  if (typeof value === 'string' && FORMATTED_TIME.test(value.trim())) return value.trim();
  const instant =
    typeof value === 'number' ? null : toInstant(typeof value === 'string' ? value.trim() : value);
  if (instant === null) throw new KeywordValueError(type, value, 'expected a Date or ISO date-time');
  const p = shanghaiParts(instant);
  return `${p.year}年${p.month}月${p.day}日 ${pad(p.hour)}:${pad(p.minute)}`;
}

function formatDate(type: KeywordType, value: KeywordInput): string {
  if (typeof value === 'string') {
    const text = value.trim();
    if (FORMATTED_DATE.test(text)) return text;
    // A bare calendar date is a day already (a birthday, a due date): no time zone applies.
    if (isIsoDate(text)) {
      const [y, m, d] = text.split('-').map(Number);
      return `${y}年${m}月${d}日`;
    }
  }
  const instant =
    typeof value === 'number' ? null : toInstant(typeof value === 'string' ? value.trim() : value);
  if (instant === null)
    throw new KeywordValueError(type, value, "expected 'YYYY-MM-DD', a Date or ISO date-time");
  const p = shanghaiParts(instant);
  return `${p.year}年${p.month}月${p.day}日`;
}

/** Data types: tidy, then accept as is or reject. */
const DATA_RULES: Record<'number' | 'letter' | 'symbol' | 'character_string' | 'phone_number', RegExp> = {
  number: /^\d+(?:\.\d+)?$/,
  letter: /^[A-Za-z]+$/,
  symbol: /^[^\p{L}\p{N}\s]+$/u,
  character_string: /^[\x21-\x7e]+$/,
  phone_number: /^[\d+\-()#*]+$/
};

const HAN = /^\p{Script=Han}+$/u;
const LATIN_NAME = /^[\x20-\x7e]+$/;
const PLATE_SHAPE = /^\p{Script=Han}?[A-Z0-9]+\p{Script=Han}?$/u;
const AMOUNT = /^[¥￥$]?\d{1,10}(?:\.\d{1,2})?元?$/;

function requireText(type: KeywordType, value: KeywordInput): string {
  if (typeof value !== 'string' && typeof value !== 'number')
    throw new KeywordValueError(type, value, 'expected text');
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new KeywordValueError(type, value, 'not a number');
  const text = singleLine(String(value));
  if (text === '') throw new KeywordValueError(type, value, 'empty');
  return text;
}

/** A value that satisfies the keyword type's rules, or KeywordValueError. */
export function fitKeyword(type: KeywordType, value: KeywordInput): string {
  switch (type) {
    case 'time':
      return formatTime(type, value);
    case 'date':
      return formatDate(type, value);
    case 'thing':
      return truncateCodePoints(requireText(type, value), LIMITS.thing, '…');
    case 'name': {
      const text = requireText(type, value);
      // Latin names get 20 characters; any Chinese (or other) character makes it 10.
      return truncateCodePoints(text, LATIN_NAME.test(text) ? NAME_LIMIT_LATIN : NAME_LIMIT_CHINESE);
    }
    case 'phrase': {
      const text = requireText(type, value).replace(/\s/g, '');
      if (!HAN.test(text)) throw new KeywordValueError(type, value, 'only Chinese characters are allowed');
      return truncateCodePoints(text, PHRASE_LIMIT);
    }
    case 'car_number': {
      const plate = normalizePlate(requireText(type, value)) ?? '';
      if (codePointLength(plate) > LIMITS.car_number || !PLATE_SHAPE.test(plate))
        throw new KeywordValueError(type, value, 'expected a plate of at most 8 characters');
      return plate;
    }
    case 'amount': {
      if (typeof value !== 'string')
        throw new KeywordValueError(type, value, "expected yuan text such as '1234.50元'");
      const text = toHalfWidth(requireText(type, value)).replace(/[\s,]/g, '');
      if (!AMOUNT.test(text))
        throw new KeywordValueError(type, value, 'expected at most 10 digits, 2 decimals');
      return text;
    }
    default: {
      const raw = toHalfWidth(requireText(type, value));
      const text = type === 'phone_number' ? raw.replace(/\s/g, '') : raw;
      if (!DATA_RULES[type].test(text)) throw new KeywordValueError(type, value, 'characters not allowed');
      if (codePointLength(text) > LIMITS[type])
        throw new KeywordValueError(type, value, `longer than ${LIMITS[type]}; not cut because it is data`);
      return text;
    }
  }
}

/** `{thing1: '保养提醒', time2: date}` → the `data` object of a subscribe-message send. */
export function fitKeywordData(values: Record<string, KeywordInput>): Record<string, { value: string }> {
  const data: Record<string, { value: string }> = {};
  for (const [key, value] of Object.entries(values)) {
    const type = keywordType(key);
    if (type === null) throw new RangeError(`'${key}' is not a subscribe-message keyword (thing1, time2, …)`);
    data[key] = { value: fitKeyword(type, value) };
  }
  return data;
}
