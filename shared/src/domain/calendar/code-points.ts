/**
 * Length and truncation by Unicode code points, for WeChat's keyword limits. String
 * `length` counts UTF-16 units, so '😀' is 2 and slice() can cut it in half, leaving a lone
 * surrogate that WeChat rejects (47003) or shows as '�'. We also keep emoji sequences
 * (👍🏽, 👨‍👩‍👧, flags, keycaps) and accents whole: a cut never leaves half of what a reader
 * sees as one character. Hand-written rather than Intl.Segmenter, which older mini-program
 * runtimes lack.
 */

const ZWJ = 0x200d;
const isRegionalIndicator = (cp: number) => cp >= 0x1f1e6 && cp <= 0x1f1ff;
const COMBINING = /\p{M}/u;

/** Code points that attach to the one before them. */
function isExtender(cp: number, ch: string): boolean {
  return (
    cp === ZWJ ||
    (cp >= 0xfe00 && cp <= 0xfe0f) || // variation selectors (text / emoji style)
    (cp >= 0x1f3fb && cp <= 0x1f3ff) || // skin tones
    (cp >= 0xe0020 && cp <= 0xe007f) || // tag characters (subdivision flags)
    COMBINING.test(ch) // accents, keycap U+20E3
  );
}

/** The text as user-perceived characters (an approximation of grapheme clusters). */
export function clusters(text: string): string[] {
  const out: string[] = [];
  let joinNext = false;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const last = out.length - 1;
    const pairsFlag =
      isRegionalIndicator(cp) &&
      last >= 0 &&
      [...out[last]].length === 1 &&
      isRegionalIndicator(out[last].codePointAt(0) ?? 0);
    if (last >= 0 && (joinNext || isExtender(cp, ch) || pairsFlag)) out[last] += ch;
    else out.push(ch);
    joinNext = cp === ZWJ;
  }
  return out;
}

export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * At most `max` code points. When text is cut and `ellipsis` is given, it ends with the
 * ellipsis provided the whole result still fits; whole clusters only, unless not even the
 * first cluster fits, when code points are cut (still never a surrogate pair).
 */
export function truncateCodePoints(text: string, max: number, ellipsis = ''): string {
  if (codePointLength(text) <= max) return text;
  const mark = codePointLength(ellipsis) < max ? ellipsis : '';
  const budget = max - codePointLength(mark);
  let kept = '';
  let used = 0;
  for (const cluster of clusters(text)) {
    const size = codePointLength(cluster);
    if (used + size > budget) break;
    kept += cluster;
    used += size;
  }
  if (kept === '') kept = [...text].slice(0, budget).join('');
  return kept.trimEnd() + mark;
}

// C0 and C1 controls and DEL except line breaks and tabs, which become spaces; BOM and
// bidirectional overrides (which can make a message read backwards).
const REMOVED =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const BREAKS = /[\t\n\r\u2028\u2029\u0085]+/g;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** One line of printable text: breaks → spaces, controls and broken surrogates removed. */
export function singleLine(text: string): string {
  return text
    .replace(LONE_SURROGATE, '')
    .replace(BREAKS, ' ')
    .replace(REMOVED, '')
    .replace(/\s+/g, ' ')
    .trim();
}
