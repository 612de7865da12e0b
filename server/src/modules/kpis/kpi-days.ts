/**
 * Calendar days as integers (days since 1970-01-01) for the KPI pass: a million service
 * dates held as small integers cost a fraction of the same dates held as strings, and
 * window tests become integer comparisons. Dates are Asia/Shanghai calendar days
 * ('YYYY-MM-DD' as imported), never instants.
 */
export type Day = number;

const MS_PER_DAY = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const parsed = new Map<string, Day>();

/** 'YYYY-MM-DD' → day number; memoised (a dealership's records share a few thousand dates). */
export function dayOf(date: string): Day {
  let day = parsed.get(date);
  if (day === undefined) {
    day = Math.floor(
      Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY
    );
    if (parsed.size > 100_000) parsed.clear();
    parsed.set(date, day);
  }
  return day;
}

export function isoOf(day: Day): string {
  const d = new Date(day * MS_PER_DAY);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The Shanghai calendar day an instant falls on. */
export function dayOfInstant(at: Date): Day {
  return Math.floor((at.getTime() + SHANGHAI_OFFSET_MS) / MS_PER_DAY);
}

/** First instant of the Shanghai day after `day`: "at the end of `day`" means before this. */
export function endOfDayMs(day: Day): number {
  return (day + 1) * MS_PER_DAY - SHANGHAI_OFFSET_MS;
}

/** Same day of the month `months` later (negative: earlier); a day the month lacks becomes its last day. */
export function addMonthsDay(day: Day, months: number): Day {
  const d = new Date(day * MS_PER_DAY);
  const index = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Math.floor(Date.UTC(year, month, Math.min(d.getUTCDate(), lastDay)) / MS_PER_DAY);
}

/** First and last day of the calendar month 'YYYY-MM'. */
export function monthBounds(month: string): { from: Day; to: Day } {
  const year = Number(month.slice(0, 4));
  const index = Number(month.slice(5, 7)) - 1;
  return {
    from: Math.floor(Date.UTC(year, index, 1) / MS_PER_DAY),
    to: Math.floor(Date.UTC(year, index + 1, 0) / MS_PER_DAY)
  };
}

/** 'YYYY-MM' of a day. */
export function monthOf(day: Day): string {
  return isoOf(day).slice(0, 7);
}

/** The `count` calendar months ending with the month of `day`, oldest first. */
export function monthsEndingAt(day: Day, count: number): string[] {
  const last = new Date(day * MS_PER_DAY);
  const months: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const index = last.getUTCFullYear() * 12 + last.getUTCMonth() - i;
    months.push(`${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}`);
  }
  return months;
}

/** Sorted ascending, duplicates removed, in place. */
export function sortUnique(days: Day[]): Day[] {
  days.sort((a, b) => a - b);
  let w = 0;
  for (let r = 0; r < days.length; r++) {
    if (r === 0 || days[r] !== days[w - 1]) days[w++] = days[r];
  }
  days.length = w;
  return days;
}

/** Index of the first element > `day` in a sorted array. */
export function upperBound(days: readonly Day[], day: Day): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (days[mid] <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many sorted days d satisfy after < d ≤ through. */
export function countIn(days: readonly Day[], after: Day, through: Day): number {
  return through <= after ? 0 : upperBound(days, through) - upperBound(days, after);
}

/** The last day ≤ `day`, or null. */
export function lastAtOrBefore(days: readonly Day[], day: Day): Day | null {
  const i = upperBound(days, day);
  return i === 0 ? null : days[i - 1];
}
