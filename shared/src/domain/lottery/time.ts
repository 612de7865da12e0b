/** Instants as the lottery's terms write them (ISO date-times) and as the rules page shows them. */

/** Milliseconds since the epoch of an ISO date-time, or null when it is not one. */
export function instantOf(iso: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso)) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** '2026-12-05T13:00:00Z' → '2026年12月5日 21:00' (Beijing time; China has no daylight saving). */
export function formatBeijingTime(iso: string): string {
  const ms = instantOf(iso);
  if (ms === null) return '（时间无效）';
  const t = new Date(ms + BEIJING_OFFSET_MS);
  const minutes = `${String(t.getUTCHours()).padStart(2, '0')}:${String(t.getUTCMinutes()).padStart(2, '0')}`;
  return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${minutes}`;
}
