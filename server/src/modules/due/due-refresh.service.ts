import { Types } from 'mongoose';
import type { IsoDate } from '@dealer/shared/domain/dates';
import { fleetAverages, vehicleDue, type FlaggedReading, type Projection } from '@dealer/shared/domain/due';
import type { VehicleUsage } from '@dealer/shared';
import { clock, shanghaiDate } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import { op } from '../../lib/query';
import { Booking } from '../bookings/booking.model';
import { Customer } from '../customers/customer.model';
import { ServiceRecord } from '../vehicles/service-record.model';
import { Vehicle } from '../vehicles/vehicle.model';
import { inControlGroup } from './control-group';
import { DueEvent, type DueEventRecord } from './due-event.model';
import { applyEventWrites, eventFields, planEventWrites } from './due-event-docs';
import {
  DUE_BOOKING_PROJECTION,
  DUE_RECORD_PROJECTION,
  DUE_VEHICLE_PROJECTION,
  vehicleDueInput,
  vehicleTitleOf,
  type DueBookingFields,
  type DueServiceRecordFields,
  type DueVehicleFields
} from './due-inputs';
import { dueEngineSettings, saveMeasuredFleet, type DueEngineSettings } from './due-settings.service';

/**
 * Recomputes the stored due events (`due_events`) of a dealership or of one vehicle. The
 * dealership refresh streams its vehicles from a cursor in batches and reads each batch's
 * repair orders, bookings, customers and stored events by `vehicleId $in` (indexed), so
 * memory holds one batch whatever the dealership's size.
 */

const BATCH = 500;

export interface DueRefreshResult {
  vehicles: number;
  /** Events created or changed. */
  written: number;
  /** Occurrences no longer produced, now `current: false`. */
  superseded: number;
  /** Readings the engine set aside (odometer rollbacks, future dates, impossible values). */
  flaggedReadings: number;
}

interface Sample {
  series: string | null;
  usage: VehicleUsage | null;
  projection: Projection;
}

function groupBy<T extends { vehicleId: Types.ObjectId }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = String(row.vehicleId);
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

async function refreshBatch(
  vehicles: readonly DueVehicleFields[],
  settings: DueEngineSettings,
  today: IsoDate,
  hooks: { sample?: (s: Sample) => void; flagged?: (vehicleId: string, f: FlaggedReading[]) => void }
): Promise<Omit<DueRefreshResult, 'vehicles'>> {
  const ids = vehicles.map((v) => v._id);
  const [records, bookings, customers, stored] = await Promise.all([
    ServiceRecord.find({ vehicleId: op.in(ids) }, DUE_RECORD_PROJECTION).lean<DueServiceRecordFields[]>(),
    Booking.find({ vehicleId: op.in(ids) }, DUE_BOOKING_PROJECTION).lean<DueBookingFields[]>(),
    Customer.find(
      { _id: op.in([...new Set(vehicles.map((v) => String(v.customerId)))]) },
      { name: 1, advisorId: 1, tier: 1 }
    ).lean(),
    DueEvent.find({ vehicleId: op.in(ids) }).lean<DueEventRecord[]>()
  ]);
  const recordsOf = groupBy(records);
  const bookingsOf = groupBy(bookings.filter((b) => b.mileage?.km != null));
  const customerOf = new Map(customers.map((c) => [String(c._id), c]));
  const wanted = [];
  let flaggedReadings = 0;
  for (const vehicle of vehicles) {
    const key = String(vehicle._id);
    const input = vehicleDueInput(vehicle, recordsOf.get(key) ?? [], bookingsOf.get(key) ?? []);
    const due = vehicleDue(input, { today, settings: settings.engine, fleet: settings.fleet });
    hooks.sample?.({ series: input.series, usage: input.usage, projection: due.projection });
    if (due.flaggedReadings.length > 0) {
      flaggedReadings += due.flaggedReadings.length;
      hooks.flagged?.(key, due.flaggedReadings);
    }
    const customer = customerOf.get(String(vehicle.customerId));
    if (!customer) continue; // archive deleted meanwhile: its events are superseded below
    const dealershipId = String(vehicle.dealershipId);
    const owner = {
      dealershipId: vehicle.dealershipId,
      vehicleId: vehicle._id,
      customerId: vehicle.customerId,
      advisorId: customer.advisorId ?? null,
      tier: customer.tier ?? null,
      customerName: customer.name,
      plate: vehicle.plate ?? null,
      vehicleTitle: vehicleTitleOf(vehicle),
      controlGroup: inControlGroup(dealershipId, key, settings.controlGroupPercent)
    };
    for (const event of due.events) wanted.push(eventFields(owner, event, settings.engine));
  }
  const plan = planEventWrites(wanted, stored, today, clock.now());
  await applyEventWrites(plan);
  return { written: plan.written, superseded: plan.superseded, flaggedReadings };
}

function add(total: DueRefreshResult, part: Omit<DueRefreshResult, 'vehicles'>, vehicles: number): void {
  total.vehicles += vehicles;
  total.written += part.written;
  total.superseded += part.superseded;
  total.flaggedReadings += part.flaggedReadings;
}

/**
 * Every vehicle of the dealership as of `today` (an Asia/Shanghai day). Projects with the
 * series averages measured before today and stores the ones measured now for tomorrow, so
 * a second refresh the same day writes nothing. Flagged readings are logged per vehicle.
 */
export async function refreshDealershipDue(
  dealershipId: string,
  today: IsoDate,
  logger?: Logger
): Promise<DueRefreshResult> {
  const settings = await dueEngineSettings(dealershipId, today);
  const samples: Sample[] = [];
  const hooks = {
    sample: (s: Sample) => {
      // Only what fleetAverages reads: a rate per series and usage.
      if (s.projection.source === 'own')
        samples.push({
          series: s.series,
          usage: s.usage,
          projection: { kmPerDay: s.projection.kmPerDay, source: 'own' }
        });
    },
    flagged: (vehicleId: string, flagged: FlaggedReading[]) =>
      logger?.info({ dealershipId, vehicleId, flagged }, 'due refresh: readings set aside')
  };
  const total: DueRefreshResult = { vehicles: 0, written: 0, superseded: 0, flaggedReadings: 0 };
  const cursor = Vehicle.find({ dealershipId: new Types.ObjectId(dealershipId) }, DUE_VEHICLE_PROJECTION)
    .lean<DueVehicleFields[]>()
    .cursor({ batchSize: BATCH });
  let batch: DueVehicleFields[] = [];
  for await (const vehicle of cursor) {
    batch.push(vehicle as DueVehicleFields);
    if (batch.length < BATCH) continue;
    add(total, await refreshBatch(batch, settings, today, hooks), batch.length);
    batch = [];
  }
  if (batch.length > 0) add(total, await refreshBatch(batch, settings, today, hooks), batch.length);
  await saveMeasuredFleet(dealershipId, today, fleetAverages(samples));
  logger?.info({ dealershipId, today, ...total }, 'due refresh done');
  return total;
}

/** One vehicle (after a booking with mileage, a staff edit): its events now. Unknown vehicle: nothing. */
export async function refreshVehicleDue(
  vehicleId: string | Types.ObjectId,
  today: IsoDate
): Promise<DueRefreshResult & { flagged: FlaggedReading[] }> {
  const vehicle = await Vehicle.findById(vehicleId, DUE_VEHICLE_PROJECTION).lean<DueVehicleFields>();
  if (!vehicle) return { vehicles: 0, written: 0, superseded: 0, flaggedReadings: 0, flagged: [] };
  const settings = await dueEngineSettings(String(vehicle.dealershipId), today);
  let flagged: FlaggedReading[] = [];
  const part = await refreshBatch([vehicle], settings, today, { flagged: (_id, f) => (flagged = f) });
  return { vehicles: 1, ...part, flagged };
}

/**
 * Some vehicles of one dealership (after an import wrote their repair orders): their events
 * now rather than tonight, in batches like the nightly refresh.
 */
export async function refreshVehiclesDue(
  dealershipId: string,
  vehicleIds: readonly (string | Types.ObjectId)[],
  today: IsoDate
): Promise<DueRefreshResult> {
  const total: DueRefreshResult = { vehicles: 0, written: 0, superseded: 0, flaggedReadings: 0 };
  const ids = [...new Set(vehicleIds.map(String))].map((id) => new Types.ObjectId(id));
  if (ids.length === 0) return total;
  const settings = await dueEngineSettings(dealershipId, today);
  for (let i = 0; i < ids.length; i += BATCH) {
    const vehicles = await Vehicle.find(
      { _id: op.in(ids.slice(i, i + BATCH)), dealershipId: new Types.ObjectId(dealershipId) },
      DUE_VEHICLE_PROJECTION
    ).lean<DueVehicleFields[]>();
    if (vehicles.length > 0) add(total, await refreshBatch(vehicles, settings, today, {}), vehicles.length);
  }
  return total;
}

/**
 * After a booking recorded a reading (passed to bookings as their `mileageRecorded` hook):
 * the vehicle's events now rather than tonight. A failure is logged, never the booking's;
 * the nightly refresh catches up.
 */
export async function refreshAfterReading(vehicleId: string, log: Logger | undefined): Promise<void> {
  try {
    await refreshVehicleDue(vehicleId, shanghaiDate(clock.now()));
  } catch (err) {
    log?.warn({ err, vehicleId }, 'due refresh after a reading failed; the nightly refresh will catch up');
  }
}
