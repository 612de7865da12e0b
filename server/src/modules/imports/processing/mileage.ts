import type { Collection } from 'mongodb';
import { updateByIds, type SetById } from './bulk';
import type { IndexedVehicle } from './vehicle-index';

interface Reading {
  vehicle: IndexedVehicle;
  km: number;
  date: string;
}

/**
 * A reading replaces the vehicle's when it is later, or the same day and further; any dated
 * reading beats an undated one (a customers-file mileage has no date).
 */
export function isNewerReading(
  km: number,
  date: string,
  current: { mileageKm: number | null; mileageDate: string | null }
): boolean {
  if (current.mileageDate === null) return true;
  if (date !== current.mileageDate) return date > current.mileageDate;
  return current.mileageKm === null || km > current.mileageKm;
}

/**
 * The stored reading is older than (date, km) — the filter form of isNewerReading, so that
 * a reading recorded meanwhile (by staff, or another import) is never replaced by an older one.
 */
export function storedReadingOlderThan(km: number, date: string): Record<string, unknown> {
  return {
    $or: [
      { mileageDate: null },
      { mileageDate: { $lt: date } },
      { mileageDate: date, mileageKm: null },
      { mileageDate: date, mileageKm: { $lt: km } }
    ]
  };
}

/**
 * Collects each vehicle's newest odometer reading from repair orders and writes it once per
 * flush. Writing per batch would update the same vehicles again in every batch of a
 * date-ordered export (and an update costs ~20 inserts on FerretDB); the runner flushes
 * before each checkpoint, so a resumed job never loses readings.
 */
export class MileageUpdates {
  private readonly pending = new Map<string, Reading>();

  note(vehicle: IndexedVehicle, km: number | null, date: string): void {
    if (km === null) return;
    const key = String(vehicle._id);
    const best = this.pending.get(key);
    const current = best ? { mileageKm: best.km, mileageDate: best.date } : vehicle;
    if (isNewerReading(km, date, current)) this.pending.set(key, { vehicle, km, date });
  }

  get size(): number {
    return this.pending.size;
  }

  /** Writes the readings (unless dry) and records them in the index; returns how many vehicles changed. */
  async flush(collection: Collection, now: Date, dryRun: boolean): Promise<number> {
    const updates: SetById[] = [];
    for (const { vehicle, km, date } of this.pending.values()) {
      if (vehicle.mileageKm === km && vehicle.mileageDate === date) continue;
      updates.push({
        _id: vehicle._id,
        set: { mileageKm: km, mileageDate: date, mileageSource: 'repair_order', updatedAt: now },
        when: storedReadingOlderThan(km, date)
      });
      vehicle.mileageKm = km;
      vehicle.mileageDate = date;
      vehicle.mileageSource = 'repair_order';
    }
    this.pending.clear();
    if (!dryRun) await updateByIds(collection, updates);
    return updates.length;
  }
}
