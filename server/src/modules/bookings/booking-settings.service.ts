import { bookingSettings, type BookingSettings } from '@dealer/shared';
import { clock } from '../../lib/clock';
import { isDuplicateKeyError } from '../../lib/errors';
import { TtlCache } from '../../lib/ttl-cache';
import { BookingSettingsModel } from './booking.model';

export const DEFAULT_BOOKING_SETTINGS: BookingSettings = {
  blocks: [
    { start: '08:30', end: '10:00' },
    { start: '10:00', end: '11:30' },
    { start: '13:30', end: '15:00' },
    { start: '15:00', end: '16:30' }
  ],
  capacity: { first_maintenance: 2, regular_maintenance: 3, repair: 2, bodywork: 1, other: 1 },
  closedDays: [],
  closedOnPublicHolidays: true,
  leadTimeHours: 2,
  cutoffHours: 2,
  maxDaysAhead: 30,
  maxOpenPerVehicle: 1,
  maxOpenPerOwner: 2
};

function present(doc: Record<string, unknown>): BookingSettings {
  const { _id: _ignoredId, updatedAt: _ignoredAt, ...fields } = doc;
  return bookingSettings.parse({ ...DEFAULT_BOOKING_SETTINGS, ...fields });
}

/**
 * Concurrent reads of one dealership's settings share one database read (a rush of booking
 * attempts reads them once, not once each). Nothing is kept after the read (TTL 0), so every
 * instance sees a change at once; a change made here is never served from a read begun before it.
 */
const settingsReads = new TtlCache<BookingSettings>(0);

/** The settings, created with the defaults on first use (unique `_id`: concurrent first reads agree). */
export function loadBookingSettings(dealershipId: string): Promise<BookingSettings> {
  return settingsReads.getOrLoad(dealershipId, () => readOrCreate(dealershipId));
}

async function readOrCreate(dealershipId: string): Promise<BookingSettings> {
  const found = await BookingSettingsModel.findById(dealershipId).lean();
  if (found) return present(found);
  try {
    await BookingSettingsModel.create({
      _id: dealershipId,
      ...DEFAULT_BOOKING_SETTINGS,
      updatedAt: clock.now()
    });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
  const created = await BookingSettingsModel.findById(dealershipId).lean();
  if (!created) throw new Error(`booking settings of ${dealershipId} vanished`);
  return present(created);
}

/** Field-level write: only the fields sent are `$set`, so two managers editing different fields both keep theirs. */
export async function updateBookingSettings(
  dealershipId: string,
  patch: Partial<BookingSettings>
): Promise<BookingSettings> {
  await loadBookingSettings(dealershipId);
  const set: Record<string, unknown> = { updatedAt: clock.now() };
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    set[field] =
      field === 'blocks'
        ? [...(value as BookingSettings['blocks'])].sort((a, b) => (a.start < b.start ? -1 : 1))
        : value;
    if (field === 'closedDays') set[field] = [...(value as string[])].sort();
  }
  await BookingSettingsModel.updateOne({ _id: dealershipId }, { $set: set });
  settingsReads.invalidate(dealershipId);
  return loadBookingSettings(dealershipId);
}
