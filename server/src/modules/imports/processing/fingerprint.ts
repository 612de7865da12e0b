/** A short fingerprint of a record, to tell a repeated row from a conflicting one. */
export function fingerprint(value: unknown): number {
  const text = JSON.stringify(value);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
