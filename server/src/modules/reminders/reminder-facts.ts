import type { Types } from 'mongoose';
import { op } from '../../lib/query';
import { Booking } from '../bookings/booking.model';
import { ServiceRecord } from '../vehicles/service-record.model';
import type { BookingFact, VisitFact } from './reminder-state';
import { ReminderSend } from './reminder.model';

/**
 * What the workbench states are derived from, loaded in batches for many due events: their
 * reminders, and their vehicles' bookings and repair orders since the earliest window opened.
 */

const CHUNK = 500;

async function inChunks<T, R>(items: readonly T[], load: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(...(await load(items.slice(i, i + CHUNK))));
  return out;
}

export interface StateFacts {
  reminders: Map<
    string,
    { sentAt: Date; by: string; channel: string | null; outcome: string; errcode: number | null }
  >;
  bookingsByVehicle: Map<string, BookingFact[]>;
  visitsByVehicle: Map<string, VisitFact[]>;
}

const group = <T>(rows: ReadonlyArray<T & { vehicleId: Types.ObjectId }>): Map<string, T[]> => {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const key = String(r.vehicleId);
    const list = map.get(key);
    if (list) list.push(r);
    else map.set(key, [r]);
  }
  return map;
};

export async function loadStateFacts(
  events: ReadonlyArray<{ _id: string; vehicleId: Types.ObjectId; remindFrom: string }>
): Promise<StateFacts> {
  const ids = events.map((e) => e._id);
  const vehicleIds = [...new Map(events.map((e) => [String(e.vehicleId), e.vehicleId])).values()];
  const since = events.reduce((min, e) => (e.remindFrom < min ? e.remindFrom : min), '9999-12-31');
  const [sends, bookings, visits] = await Promise.all([
    inChunks(ids, (chunk) =>
      ReminderSend.find(
        { _id: op.in(chunk) },
        { _id: 1, sentAt: 1, by: 1, channel: 1, outcome: 1, errcode: 1 }
      ).lean()
    ),
    inChunks(vehicleIds, (chunk) =>
      Booking.find(
        { vehicleId: op.in(chunk), day: op.gte(since) },
        { vehicleId: 1, day: 1, status: 1, serviceType: 1 }
      ).lean()
    ),
    inChunks(vehicleIds, (chunk) =>
      ServiceRecord.find(
        { vehicleId: op.in(chunk), serviceDate: op.gte(since) },
        { vehicleId: 1, serviceDate: 1, type: 1, paid: 1 }
      ).lean()
    )
  ]);
  return {
    reminders: new Map(
      sends.map((s) => [
        s._id,
        {
          sentAt: s.sentAt,
          by: s.by,
          channel: s.channel ?? null,
          outcome: s.outcome,
          errcode: s.errcode ?? null
        }
      ])
    ),
    bookingsByVehicle: group(bookings),
    visitsByVehicle: group(visits)
  };
}
