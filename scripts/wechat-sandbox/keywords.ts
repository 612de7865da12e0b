/**
 * Subscribe-message keyword rules (docs/wechat.md, "Keyword value limits"). A keyword's type is
 * its name without the trailing number: `thing1` -> thing, `character_string2` ->
 * character_string. Lengths count characters (code points), so a Chinese character or an
 * emoji counts one.
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

/** Why a value was refused; the sandbox's errmsg is `argument invalid! data.<key>.value <problem>`. */
export type KeywordProblem = 'is empty' | 'exceeds limit' | 'invalid' | 'contains invalid character';

const KEY = /^([a-z_]+)(\d+)$/;

/** The type of a keyword name such as `thing1`, or undefined when it is not one. */
export function keywordType(key: string): KeywordType | undefined {
  const m = KEY.exec(key);
  if (!m) return undefined;
  return (KEYWORD_TYPES as readonly string[]).includes(m[1]) ? (m[1] as KeywordType) : undefined;
}

/** Control characters (newline, tab, ...), line/paragraph separators and lone surrogates. */
const FORBIDDEN = /[\p{Cc}\u2028\u2029]|\p{Cs}/u;
const HAN = /\p{Script=Han}/u;

const len = (s: string): number => [...s].length;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validDate(y: string, m: string, d: string): boolean {
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

const DATE_CN = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;
const DATE_NUM = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})$/;
const CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

function isDate(s: string): boolean {
  const cn = DATE_CN.exec(s);
  if (cn) return validDate(cn[1], cn[2], cn[3]);
  const num = DATE_NUM.exec(s);
  return num ? validDate(num[1], num[3], num[4]) : false;
}

function isClock(s: string): boolean {
  const m = CLOCK.exec(s);
  return !!m && Number(m[1]) <= 23 && Number(m[2]) <= 59 && (m[3] === undefined || Number(m[3]) <= 59);
}

/** One point in time: `[date][ ]time` for `time`, `date[ time]` for `date`. */
function isPoint(s: string, need: 'time' | 'date'): boolean {
  const t = s.trim();
  // `2019年10月1日15:01` (no space) is common in Chinese text
  const cnJoined = /^(\d{4}年\d{1,2}月\d{1,2}日)\s*(\d{1,2}:\d{2}(?::\d{2})?)$/.exec(t);
  const parts = cnJoined ? [cnJoined[1], cnJoined[2]] : t.split(/\s+/);
  if (parts.length === 1) return need === 'time' ? isClock(parts[0]) : isDate(parts[0]);
  if (parts.length === 2) return isDate(parts[0]) && isClock(parts[1]);
  return false;
}

/** A point or a range `a~b` (the two ends of a range joined by `~`). */
function isPointOrRange(s: string, need: 'time' | 'date'): boolean {
  const ends = s.split('~');
  return ends.length <= 2 && ends.every((e) => isPoint(e, need));
}

function checkTyped(type: KeywordType, v: string): KeywordProblem | undefined {
  const n = len(v);
  switch (type) {
    case 'thing':
      return n > 20 ? 'exceeds limit' : undefined;
    case 'number':
      if (!/^\d+(?:\.\d+)?$/.test(v)) return 'invalid';
      return n > 32 ? 'exceeds limit' : undefined;
    case 'letter':
      if (!/^[A-Za-z]+$/.test(v)) return 'invalid';
      return n > 32 ? 'exceeds limit' : undefined;
    case 'symbol':
      if (!/^[^\p{L}\p{N}\s]+$/u.test(v)) return 'invalid';
      return n > 5 ? 'exceeds limit' : undefined;
    case 'character_string':
      // digits, letters and symbols (printable ASCII without space)
      if (!/^[\x21-\x7E]+$/.test(v)) return 'invalid';
      return n > 32 ? 'exceeds limit' : undefined;
    case 'time':
      return isPointOrRange(v, 'time') ? undefined : 'invalid';
    case 'date':
      return isPointOrRange(v, 'date') ? undefined : 'invalid';
    case 'amount': {
      const m = /^[¥￥$€£]?(\d+)(?:\.(\d+))?元?$/.exec(v);
      if (!m) return 'invalid';
      return m[1].length + (m[2]?.length ?? 0) > 10 ? 'exceeds limit' : undefined;
    }
    case 'phone_number':
      if (!/^[0-9+\-() ]+$/.test(v) || !/\d/.test(v)) return 'invalid';
      return n > 17 ? 'exceeds limit' : undefined;
    case 'car_number': {
      const chars = [...v];
      const ok = chars.every(
        (c, i) => /^[A-Za-z0-9]$/.test(c) || ((i === 0 || i === chars.length - 1) && HAN.test(c))
      );
      if (!ok) return 'invalid';
      return n > 8 ? 'exceeds limit' : undefined;
    }
    case 'name':
      if (HAN.test(v)) {
        // Chinese name, or Chinese mixed with letters: 10 characters
        if (!/^[\p{Script=Han}A-Za-z·• .]+$/u.test(v)) return 'invalid';
        return n > 10 ? 'exceeds limit' : undefined;
      }
      // letters or symbols: 20 characters
      if (!/^[A-Za-z\p{P}\p{S} ]+$/u.test(v) || !/[A-Za-z]/.test(v)) return 'invalid';
      return n > 20 ? 'exceeds limit' : undefined;
    case 'phrase':
      if (!/^\p{Script=Han}+$/u.test(v)) return 'invalid';
      return n > 5 ? 'exceeds limit' : undefined;
  }
}

/** Checks one keyword value; undefined when WeChat would accept it. */
export function checkKeywordValue(type: KeywordType, value: unknown): KeywordProblem | undefined {
  if (value === undefined || value === null || value === '') return 'is empty';
  if (typeof value !== 'string') return 'invalid';
  if (FORBIDDEN.test(value)) return 'contains invalid character';
  if (value.trim() === '') return 'is empty';
  return checkTyped(type, value);
}
