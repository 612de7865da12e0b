import type { Schema } from 'mongoose';
import { lunarBirthdaysOn, solarBirthdaysOn } from '@dealer/shared/domain/calendar/lunar-birthday';
import type { IsoDate } from '@dealer/shared/domain/dates';

/**
 * Indexed string keys for the daily care job, so it finds the day's birthdays and purchase
 * anniversaries by equality on an index instead of decoding every archive (FerretDB pushes
 * down only equality / $in on top-level strings):
 *   customer.birthdayKey: 'S:MM-DD' (solar), 'L:MM-DD' or 'L:MM-DD+' (lunar, + = leap month);
 *   vehicle.anniversaryKey: 'MM-DD' of the delivery date.
 * 'none' when there is nothing to celebrate. The schema plugins below keep the keys in step
 * with every write made through mongoose; `backfill*` in the care job repairs the rest.
 */
export const NO_KEY = 'none';

interface StoredBirthday {
  calendar?: string | null;
  date?: string | null;
  lunarMonth?: number | null;
  lunarDay?: number | null;
  lunarLeapMonth?: boolean | null;
}

const pad = (n: number) => String(n).padStart(2, '0');
const monthDayOf = (date: string | null | undefined) =>
  date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date.slice(5) : null;

export function birthdayKeyOf(b: StoredBirthday | null | undefined): string {
  if (!b) return NO_KEY;
  if (b.calendar === 'solar') {
    const md = monthDayOf(b.date);
    return md ? `S:${md}` : NO_KEY;
  }
  if (b.calendar === 'lunar' && b.lunarMonth && b.lunarDay) {
    return `L:${pad(b.lunarMonth)}-${pad(b.lunarDay)}${b.lunarLeapMonth ? '+' : ''}`;
  }
  return NO_KEY;
}

/** The birthday keys celebrated on a day (lunar day-30 and leap-month rules included). */
export function birthdayKeysOn(date: IsoDate): string[] {
  const solar = solarBirthdaysOn(date).map((md) => `S:${md}`);
  const lunar = lunarBirthdaysOn(date).map(
    (b) => `L:${pad(b.lunarMonth)}-${pad(b.lunarDay)}${b.isLeapMonth ? '+' : ''}`
  );
  return [...solar, ...lunar];
}

export function anniversaryKeyOf(deliveryDate: string | null | undefined): string {
  return monthDayOf(deliveryDate) ?? NO_KEY;
}

/** Anniversary keys on a day: 29 February deliveries are remembered on 28 February in common years. */
export function anniversaryKeysOn(date: IsoDate): string[] {
  return solarBirthdaysOn(date);
}

type Update = Record<string, unknown> & { $set?: Record<string, unknown>; $unset?: Record<string, unknown> };
type BulkOp = Record<string, { update?: Update; document?: Record<string, unknown> } | undefined>;

/**
 * Derives `key` from `source` on save/insert and on updates that set `source`. An update
 * that changes only part of `source` (a dotted path) unsets the key so the backfill
 * recomputes it from the stored document.
 */
function derivedKeyPlugin(source: string, key: string, derive: (value: never) => string) {
  return (schema: Schema) => {
    schema.pre('validate', function () {
      this.set(key, derive(this.get(source) as never));
    });
    const fixUpdate = (update: Update | null | undefined) => {
      if (!update || Array.isArray(update)) return;
      const set = update.$set ?? {};
      const direct = source in update ? update[source] : source in set ? set[source] : undefined;
      if (direct !== undefined) {
        update.$set = { ...set, [key]: derive(direct as never) };
        if (source in update) {
          update.$set[source] = update[source];
          delete update[source];
        }
      } else if (Object.keys({ ...update, ...set }).some((k) => k.startsWith(`${source}.`))) {
        update.$unset = { ...(update.$unset ?? {}), [key]: 1 };
      }
    };
    schema.pre(['updateOne', 'updateMany', 'findOneAndUpdate'], function () {
      fixUpdate(this.getUpdate() as Update | null);
    });
    // Model middleware; mongoose's typings lag behind its support for 'bulkWrite'.
    const preModel = schema.pre.bind(schema) as unknown as (
      name: 'bulkWrite',
      fn: (next: () => void, ops: BulkOp[]) => void
    ) => void;
    preModel('bulkWrite', (next, ops) => {
      for (const op of ops) {
        fixUpdate(op.updateOne?.update);
        fixUpdate(op.updateMany?.update);
        const doc = op.insertOne?.document;
        if (doc && source in doc) doc[key] = derive(doc[source] as never);
      }
      next();
    });
  };
}

export const birthdayKeyPlugin = derivedKeyPlugin('birthday', 'birthdayKey', (b: StoredBirthday | null) =>
  birthdayKeyOf(b)
);
export const anniversaryKeyPlugin = derivedKeyPlugin('deliveryDate', 'anniversaryKey', (d: string | null) =>
  anniversaryKeyOf(d)
);
