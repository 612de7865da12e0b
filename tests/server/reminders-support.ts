import { Types } from 'mongoose';
import { addDays } from '@dealer/shared/domain/dates';
import { clock, shanghaiDate } from '../../server/src/lib/clock';
import { Booking } from '../../server/src/modules/bookings/booking.model';
import { DueEvent, type DueEventRecord } from '../../server/src/modules/due/due-event.model';
import { makeCustomer, makeVehicle } from '../support/factories';

/**
 * Due events for the reminder tests, written through the due module's model as its refresh
 * would write them (realistic values), until that refresh is on main.
 */

export const today = () => shanghaiDate(clock.now());
export const dayFrom = (days: number) => addDays(today(), days);

const LEAD_DAYS: Record<string, number> = {
  first_maintenance: 14,
  regular_maintenance: 14,
  insurance: 30,
  inspection: 30,
  warranty_end: 60,
  sanbao_end: 60
};

const EXPLANATIONS: Record<string, (due: string) => string> = {
  first_maintenance: (due) => `约 ${due} 或 5,000 公里，按您近期每天约 38 公里推算`,
  regular_maintenance: (due) => `约 ${due} 或 25,000 公里，按每天约 27 公里估算`,
  insurance: (due) => `保险到期日 ${due}`,
  inspection: (due) => `检验有效期至 ${due}`,
  warranty_end: (due) => `约 ${due} 或 100,000 公里`,
  sanbao_end: (due) => `约 ${due} 或 50,000 公里`
};

export interface SeedOptions {
  type?: keyof typeof LEAD_DAYS;
  /** Days from today to the due day (negative: overdue). */
  dueIn: number;
  tier?: 'A' | 'B' | 'C' | 'D' | null;
  controlGroup?: boolean;
  current?: boolean;
}

/** A due event of the vehicle's customer (advisor and tier copied from the customer, as the refresh does). */
export async function seedDueEvent(
  vehicle: {
    _id: Types.ObjectId;
    dealershipId: Types.ObjectId;
    customerId: Types.ObjectId;
    plate?: string | null;
  },
  customer: { name: string; advisorId?: Types.ObjectId | null },
  opts: SeedOptions
): Promise<DueEventRecord> {
  const type = opts.type ?? 'regular_maintenance';
  const dueDate = dayFrom(opts.dueIn);
  const occurrence = type.endsWith('maintenance') ? addDays(dueDate, -183) : dueDate;
  const doc = {
    _id: `${String(vehicle._id)}:${type}:${occurrence}`,
    dealershipId: vehicle.dealershipId,
    vehicleId: vehicle._id,
    customerId: vehicle.customerId,
    advisorId: customer.advisorId ?? null,
    tier: opts.tier ?? null,
    customerName: customer.name,
    plate: vehicle.plate ?? null,
    vehicleTitle: '大众 帕萨特 2022款 330TSI',
    type,
    occurrence,
    dueDate,
    dueMileage: type.endsWith('maintenance') ? 25000 : null,
    basis: 'time',
    status: opts.dueIn < 0 ? 'overdue' : opts.dueIn <= LEAD_DAYS[type] ? 'due_soon' : 'upcoming',
    remindFrom: addDays(dueDate, -LEAD_DAYS[type]),
    explanation: EXPLANATIONS[type](dueDate),
    controlGroup: opts.controlGroup ?? false,
    current: opts.current ?? true,
    computedOn: today(),
    updatedAt: clock.now()
  };
  await DueEvent.create(doc);
  return doc as unknown as DueEventRecord;
}

/** A customer of the advisor with one vehicle. */
export async function customerWithVehicle(
  dealershipId: Types.ObjectId,
  advisorId: string | null,
  fields: Record<string, unknown> = {}
) {
  const customer = await makeCustomer(dealershipId, {
    name: `客户${Math.floor(Math.random() * 1e4)}`,
    advisorId: advisorId ? new Types.ObjectId(advisorId) : null,
    ...fields
  });
  const vehicle = await makeVehicle(customer);
  return { customer, vehicle };
}

/** A booking as the booking module stores it (status and day as given). */
export async function seedBooking(
  vehicle: { _id: Types.ObjectId; dealershipId: Types.ObjectId; customerId: Types.ObjectId },
  day: string,
  status: 'booked' | 'arrived' | 'served' | 'cancelled' | 'no_show',
  serviceType = 'regular_maintenance'
) {
  const now = clock.now();
  return Booking.create({
    dealershipId: vehicle.dealershipId,
    customerId: vehicle.customerId,
    customerName: '测试客户',
    vehicleId: vehicle._id,
    bookedBy: 'staff',
    serviceType,
    day,
    blockId: '0830-1000',
    startsAt: new Date(`${day}T08:30:00+08:00`),
    status,
    version: 1,
    checkInCode: new Types.ObjectId().toHexString().slice(-8).toUpperCase(),
    createdAt: now,
    updatedAt: now
  });
}

/** The path of a due event's action (its id has colons: encoded like any path segment). */
export const reminderPath = (dueEventId: string, action: 'remind' | 'calls') =>
  `/api/reminders/${encodeURIComponent(dueEventId)}/${action}`;
