import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { DUE_TYPES } from '@dealer/shared/domain/due';
import { CALL_OUTCOMES, REMINDER_CHANNELS, REMINDER_OUTCOMES } from '@dealer/shared';

export { CALL_OUTCOMES };

/**
 * One reminder per due event occurrence, ever: `_id` = the due event's id
 * (`<vehicleId>:<type>:<occurrence>`, modules/due/due-event.model.ts). The unique insert is
 * what makes a vehicle hear about one due event once, whether the automatic run or an advisor
 * pushes it, across reruns, crashes and concurrent scheduler instances. Inserted BEFORE
 * anything is delivered; the outcome is written once afterwards.
 */
const reminderSendSchema = new Schema(
  {
    _id: { type: String, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    vehicleId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    advisorId: { type: Schema.Types.ObjectId, default: null },
    type: { type: String, enum: DUE_TYPES, required: true },
    /** The due day when the reminder went out (the funnel's period is by due day). */
    dueDate: { type: String, required: true },
    /** Who pushed it: the daily run, or a staff member from the workbench. */
    by: { type: String, enum: ['run', 'staff'], required: true },
    staffId: { type: Schema.Types.ObjectId, default: null },
    /**
     * subscribe: WeChat subscribe message; inbox: in-app notice (no consent left, or WeChat
     * refused); task: the owner is not bound, the advisor got a call task instead.
     */
    channel: { type: String, enum: [...REMINDER_CHANNELS, null], default: null },
    /**
     * pending until delivered; failed: the outcome is unknown (a crash after the WeChat call,
     * with spare consents: not resent). errcode keeps WeChat's refusal (43101 → inbox).
     */
    outcome: { type: String, enum: REMINDER_OUTCOMES, required: true },
    errcode: { type: Number, default: null },
    sentAt: { type: Date, required: true },
    /** When the outcome was recorded (null while pending). */
    finishedAt: { type: Date, default: null }
  },
  { versionKey: false, collection: 'reminder_sends' }
);
// The funnel: a dealership's reminders by due day (and advisor).
reminderSendSchema.index({ dealershipId: 1, dueDate: 1 });
reminderSendSchema.index({ advisorId: 1, dueDate: 1 });
// Crash recovery: reminders still pending delivery.
reminderSendSchema.index({ outcome: 1, sentAt: 1 });

export type ReminderSendDoc = InferSchemaType<typeof reminderSendSchema>;
export const ReminderSend = mongoose.model('ReminderSend', reminderSendSchema);

/** An advisor's call about a due event (append-only). */
const reminderCallSchema = new Schema(
  {
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    dueEventId: { type: String, required: true },
    vehicleId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    staffId: { type: Schema.Types.ObjectId, required: true },
    outcome: { type: String, enum: CALL_OUTCOMES, required: true },
    note: { type: String, default: '' },
    /** For call_back: the day to call again. */
    callBackOn: { type: String, default: null },
    at: { type: Date, required: true }
  },
  { versionKey: false, collection: 'reminder_calls' }
);
reminderCallSchema.index({ dueEventId: 1, at: -1 });
reminderCallSchema.index({ customerId: 1, at: -1 });

export type ReminderCallDoc = InferSchemaType<typeof reminderCallSchema>;
export const ReminderCall = mongoose.model('ReminderCall', reminderCallSchema);

/**
 * Who delivers a pending reminder: `_id` = `<reminder id>#<generation>`. The process that
 * inserted the reminder takes generation 1 at once; a run finding a reminder still pending
 * takes the next generation only when the holder's instance stopped beating (lib/jobs/instance),
 * so two live processes never deliver the same reminder.
 */
const reminderDeliveryClaimSchema = new Schema(
  {
    _id: { type: String, required: true },
    reminderId: { type: String, required: true },
    generation: { type: Number, required: true },
    instanceId: { type: String, required: true },
    claimedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'reminder_delivery_claims' }
);
// Resuming: the claims of the pending reminders found.
reminderDeliveryClaimSchema.index({ reminderId: 1 });

export const ReminderDeliveryClaim = mongoose.model('ReminderDeliveryClaim', reminderDeliveryClaimSchema);
