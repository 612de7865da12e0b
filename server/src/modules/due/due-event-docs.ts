import type { Types } from 'mongoose';
import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import { addDays, type IsoDate } from '@dealer/shared/domain/dates';
import { explainDueZh, type DueEvent as EngineEvent, type DueSettings } from '@dealer/shared/domain/due';
import { inUpdateChunks } from '../../lib/jobs/bulk-write';
import { insertAllowingDuplicates } from '../imports/processing/bulk';
import { DueEvent, type DueEventRecord } from './due-event.model';

/**
 * From engine events to `due_events` documents, and the writes that bring the stored ones
 * in line: an upsert only where a field changed (a FerretDB update costs about as much as
 * twenty inserts), `current: false` for occurrences no longer produced.
 */

/** What the refresh copies from the customer and the vehicle onto each event. */
export interface DueEventOwner {
  dealershipId: Types.ObjectId;
  vehicleId: Types.ObjectId;
  customerId: Types.ObjectId;
  advisorId: Types.ObjectId | null;
  tier: string | null;
  customerName: string;
  plate: string | null;
  vehicleTitle: string;
  controlGroup: boolean;
}

/** The compared fields: everything but `computedOn` and `updatedAt` (an unchanged event is not rewritten each day). */
type EventFields = Omit<DueEventRecord, 'computedOn' | 'updatedAt'>;

export const dueEventId = (vehicleId: Types.ObjectId | string, e: Pick<EngineEvent, 'type' | 'occurrence'>) =>
  `${String(vehicleId)}:${e.type}:${e.occurrence}`;

export function eventFields(owner: DueEventOwner, e: EngineEvent, settings: DueSettings): EventFields {
  return {
    _id: dueEventId(owner.vehicleId, e),
    ...owner,
    tier: owner.tier as EventFields['tier'],
    type: e.type,
    occurrence: e.occurrence,
    dueDate: e.dueDate,
    dueMileage: e.dueMileage ?? null,
    basis: e.basis,
    status: e.status,
    remindFrom: addDays(e.dueDate, -settings.leadDays[e.type]),
    explanation: explainDueZh(e),
    current: true
  };
}

const COMPARED: readonly (keyof EventFields)[] = [
  'dealershipId',
  'vehicleId',
  'customerId',
  'advisorId',
  'tier',
  'customerName',
  'plate',
  'vehicleTitle',
  'type',
  'occurrence',
  'dueDate',
  'dueMileage',
  'basis',
  'status',
  'remindFrom',
  'explanation',
  'controlGroup',
  'current'
];

const same = (a: unknown, b: unknown): boolean => String(a ?? null) === String(b ?? null);

/** The fields of `wanted` that differ from the stored event (all of them for a new one). */
function changedFields(wanted: EventFields, stored: DueEventRecord | undefined): Partial<EventFields> {
  if (!stored) return wanted;
  const changed: Partial<EventFields> = {};
  for (const key of COMPARED) {
    if (!same(wanted[key], stored[key])) Object.assign(changed, { [key]: wanted[key] });
  }
  return changed;
}

/** `due_events` keyed by string ids, as the driver sees it. */
type EventRow = { _id: string };

export interface EventWrites {
  /** Occurrences never stored: inserted (an insert costs a fraction of an update on FerretDB). */
  inserts: (EventFields & { computedOn: IsoDate; updatedAt: Date })[];
  ops: AnyBulkWriteOperation<EventRow>[];
  written: number;
  superseded: number;
}

/**
 * The writes for a set of vehicles: `wanted` are the events the engine produced now,
 * `stored` every event stored for the same vehicles (current or not).
 */
export function planEventWrites(
  wanted: readonly EventFields[],
  stored: readonly DueEventRecord[],
  today: IsoDate,
  now: Date
): EventWrites {
  const byId = new Map(stored.map((s) => [s._id, s]));
  const ops: AnyBulkWriteOperation<EventRow>[] = [];
  const inserts: EventWrites['inserts'] = [];
  let written = 0;
  for (const w of wanted) {
    const stored = byId.get(w._id);
    byId.delete(w._id);
    written += stored ? 0 : 1;
    if (!stored) {
      inserts.push({ ...w, computedOn: today, updatedAt: now });
      continue;
    }
    const changed = changedFields(w, stored);
    if (Object.keys(changed).length === 0) continue;
    const { _id: _ignored, ...set } = changed;
    ops.push({
      updateOne: {
        filter: { _id: w._id },
        update: { $set: { ...set, computedOn: today, updatedAt: now } },
        upsert: true
      }
    });
    written += 1;
  }
  let superseded = 0;
  for (const gone of byId.values()) {
    if (!gone.current) continue;
    ops.push({
      updateOne: { filter: { _id: gone._id }, update: { $set: { current: false, updatedAt: now } } }
    });
    superseded += 1;
  }
  return { inserts, ops, written, superseded };
}

const events = (): Collection<EventRow> => DueEvent.collection as unknown as Collection<EventRow>;

/**
 * Inserts the new occurrences, then the updates. An insert a concurrent refresh of the same
 * vehicle won (unique `_id`) becomes an upsert of the same fields.
 */
export async function applyEventWrites(plan: Pick<EventWrites, 'inserts' | 'ops'>): Promise<void> {
  const ops = [...plan.ops];
  if (plan.inserts.length > 0) {
    const taken = await insertAllowingDuplicates(events() as unknown as Collection, plan.inserts);
    for (const i of taken) {
      const { _id, ...set } = plan.inserts[i];
      ops.push({ updateOne: { filter: { _id }, update: { $set: set }, upsert: true } });
    }
  }
  await inUpdateChunks(ops, (chunk) => events().bulkWrite(chunk, { ordered: false }));
}
