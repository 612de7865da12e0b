import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { DUE_TYPES } from '@dealer/shared/domain/due';
import { TIERS } from '@dealer/shared';

/**
 * A vehicle's due events as last computed by the due engine (shared/src/domain/due), one
 * document per occurrence: `_id` = `<vehicleId>:<type>:<occurrence>`. The occurrence is what
 * stays the same while the projected due day moves (maintenance: the anchor day the clock
 * runs from; insurance / inspection: the deadline; warranty / 三包: the time-based end), so
 * reminders, bookings and the funnel can refer to one event across recomputations.
 *
 * Written by the due refresh (modules/due); read by the workbench, the reminder runs, the
 * owner's home page and the funnel. `current` is false once a later occurrence of the same
 * type replaced it (serviced, renewed) — kept for attribution, never shown as due.
 */
const dueEventSchema = new Schema(
  {
    _id: { type: String, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    vehicleId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    /** Copied from the customer at refresh time (workbench filter and sort). */
    advisorId: { type: Schema.Types.ObjectId, default: null },
    tier: { type: String, enum: [...TIERS, null], default: null },
    customerName: { type: String, required: true },
    plate: { type: String, default: null },
    vehicleTitle: { type: String, default: '' },
    type: { type: String, enum: DUE_TYPES, required: true },
    occurrence: { type: String, required: true },
    dueDate: { type: String, required: true },
    dueMileage: { type: Number, default: null },
    basis: { type: String, enum: ['time', 'mileage'], required: true },
    /** Status on `computedOn` (upcoming / due_soon / overdue); readers recompute from dueDate. */
    status: { type: String, enum: ['upcoming', 'due_soon', 'overdue'], required: true },
    /** First day it counts as due soon (dueDate − lead days): reminder runs select on it. */
    remindFrom: { type: String, required: true },
    /** explainDueZh of the event on `computedOn`. */
    explanation: { type: String, required: true },
    /** Stable random by vehicle: the control group gets no reminders (modules/reminders). */
    controlGroup: { type: Boolean, required: true },
    current: { type: Boolean, required: true },
    computedOn: { type: String, required: true },
    updatedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'due_events' }
);
// The advisor's workbench: their current events by due day.
dueEventSchema.index({ advisorId: 1, current: 1, dueDate: 1 });
// Dealership-wide lists, reminder runs and the funnel: current events by the day they open.
dueEventSchema.index({ dealershipId: 1, current: 1, remindFrom: 1 });
// A vehicle's events (owner home page, refresh of one vehicle, booking attribution).
dueEventSchema.index({ vehicleId: 1, type: 1 });

export type DueEventDoc = InferSchemaType<typeof dueEventSchema>;
export type DueEventRecord = DueEventDoc & { _id: string };
export const DueEvent = mongoose.model('DueEvent', dueEventSchema);
