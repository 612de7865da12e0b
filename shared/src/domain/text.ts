/**
 * Text clean-up shared by every import normaliser. Chinese input methods produce
 * full-width forms (１３８, ＡＢＣ, （）, U+3000 space) that look identical to ASCII on screen
 * but break exact matching, so everything is folded to half-width before parsing.
 */

const FULL_WIDTH_START = 0xff01; // '！'
const FULL_WIDTH_END = 0xff5e; // '～'
const FULL_TO_HALF_OFFSET = 0xfee0;
const IDEOGRAPHIC_SPACE = 0x3000;

/** Full-width ASCII variants (U+FF01–U+FF5E) and the ideographic space → plain ASCII. */
export function toHalfWidth(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (code === IDEOGRAPHIC_SPACE) out += ' ';
    else if (code >= FULL_WIDTH_START && code <= FULL_WIDTH_END)
      out += String.fromCharCode(code - FULL_TO_HALF_OFFSET);
    else out += ch;
  }
  return out;
}

/** Runs of any whitespace (incl. NBSP and U+3000) become one space; ends are trimmed. */
export function collapseSpaces(s: string): string {
  return s.replace(/[\s\u00a0\u3000]+/g, ' ').trim();
}

/** Half-width + collapsed spaces: the canonical form of a free-text cell. */
export function cleanText(s: string): string {
  return collapseSpaces(toHalfWidth(s));
}
