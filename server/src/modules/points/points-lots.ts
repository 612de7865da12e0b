/**
 * Lots: the points of each credit still available, with their expiry. Pure functions over the
 * lots an entry carries; the balance is always the sum of the lots' remaining points.
 */
export interface Lot {
  /** `<seq>` of the crediting entry (`<seq>.<n>` for lots a refund gives back). */
  lot: string;
  /** Last day the points may be spent (YYYY-MM-DD); null: never expire. */
  expiresOn: string | null;
  remaining: number;
}

export const NO_EXPIRY = 'none';

/**
 * Adds points to the lots: into the lot with the same expiry when there is one (spending
 * order among them would not differ), so an account holds one lot per expiry date and its
 * entries stay small however long its history; else as a new lot `id`.
 */
export function addToLots(lots: readonly Lot[], added: Lot): Lot[] {
  const same = lots.find((l) => l.expiresOn === added.expiresOn);
  if (!same) return [...lots, added];
  return lots.map((l) => (l === same ? { ...l, remaining: l.remaining + added.remaining } : l));
}

/** Oldest-expiring first; points that never expire last; then in the order they were earned. */
function spendOrder(a: Lot, b: Lot): number {
  if (a.expiresOn !== b.expiresOn) {
    if (a.expiresOn === null) return 1;
    if (b.expiresOn === null) return -1;
    return a.expiresOn < b.expiresOn ? -1 : 1;
  }
  return a.lot.localeCompare(b.lot, 'en', { numeric: true });
}

export const sumOfLots = (lots: readonly Lot[]) => lots.reduce((s, l) => s + l.remaining, 0);

/** The lots after taking `amount` points, oldest-expiring first, and what was taken from which lot. */
export function takeFromLots(lots: readonly Lot[], amount: number): { lots: Lot[]; consumed: Lot[] } | null {
  if (sumOfLots(lots) < amount) return null;
  let left = amount;
  const consumed: Lot[] = [];
  const after: Lot[] = [];
  for (const lot of [...lots].sort(spendOrder)) {
    const take = Math.min(left, lot.remaining);
    left -= take;
    if (take > 0) consumed.push({ ...lot, remaining: take });
    if (lot.remaining - take > 0) after.push({ ...lot, remaining: lot.remaining - take });
  }
  return { lots: after, consumed };
}

/** Lots whose last day is before `today` (they expire when the day after their last day begins). */
export const expiredLots = (lots: readonly Lot[], today: string) =>
  lots.filter((l) => l.expiresOn !== null && l.expiresOn < today);

/** Earliest expiry among the lots, or NO_EXPIRY. */
export function nextExpiryOf(lots: readonly Lot[]): string {
  let next: string | null = null;
  for (const l of lots) if (l.expiresOn !== null && (next === null || l.expiresOn < next)) next = l.expiresOn;
  return next ?? NO_EXPIRY;
}

/** What expires when, soonest first (the owner's page). */
export function expiringSchedule(lots: readonly Lot[]): Array<{ expiresOn: string; points: number }> {
  const byDay = new Map<string, number>();
  for (const l of lots)
    if (l.expiresOn !== null) byDay.set(l.expiresOn, (byDay.get(l.expiresOn) ?? 0) + l.remaining);
  return [...byDay.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([expiresOn, points]) => ({ expiresOn, points }));
}
