import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { BOOKING_SERVICE_TYPES, BOOKING_STATUSES } from '@dealer/shared';

/** One maintenance booking; its seat and limit claims live in `booking_claims`. */
const bookingSchema = new Schema(
  {
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    customerName: { type: String, required: true },
    vehicleId: { type: Schema.Types.ObjectId, required: true },
    plate: { type: String, default: null },
    vehicleTitle: { type: String, default: '' },
    /** The owner who booked, or null when staff booked for the customer. */
    ownerId: { type: Schema.Types.ObjectId, default: null },
    bookedBy: { type: String, enum: ['owner', 'staff'], required: true },
    bookedByStaffId: { type: Schema.Types.ObjectId, default: null },
    advisorId: { type: Schema.Types.ObjectId, default: null },
    serviceType: { type: String, enum: BOOKING_SERVICE_TYPES, required: true },
    day: { type: String, required: true },
    blockId: { type: String, required: true },
    startsAt: { type: Date, required: true },
    status: { type: String, enum: BOOKING_STATUSES, required: true },
    /** Transitions applied so far; the next one claims `<id>:<version + 1>` (booking_transitions). */
    version: { type: Number, required: true },
    /** The seat held now (null once released) and the limit slots held while open. */
    seatClaimId: { type: String, default: null },
    limitClaimIds: { type: [String], default: [] },
    checkInCode: { type: String, required: true },
    note: { type: String, default: '' },
    /** The odometer the customer told us, with the day they told it. */
    mileage: { type: { km: Number, date: String }, default: null, _id: false },
    cancelReason: { type: String, default: null },
    serviceRecordId: { type: Schema.Types.ObjectId, default: null },
    /** Every earlier slot and state, oldest first (reschedules and transitions keep history). */
    history: {
      type: [
        { at: Date, action: String, by: String, day: String, blockId: String, status: String, _id: false }
      ],
      default: []
    },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'bookings' }
);
// Arrival by check-in code (unguessable, unique).
bookingSchema.index({ checkInCode: 1 }, { unique: true });
// Staff lists: a dealership's bookings of a day, and an advisor's.
bookingSchema.index({ dealershipId: 1, day: 1 });
bookingSchema.index({ advisorId: 1, day: 1 });
// An owner's bookings: by their vehicles.
bookingSchema.index({ vehicleId: 1, day: 1 });
// The day-before reminder job: the open bookings of a day, every dealership.
bookingSchema.index({ day: 1, status: 1 });
// No-show counts per customer.
bookingSchema.index({ customerId: 1, status: 1 });

export type BookingDoc = InferSchemaType<typeof bookingSchema>;
export type BookingRecord = BookingDoc & { _id: mongoose.Types.ObjectId };
export const Booking = mongoose.model('Booking', bookingSchema);

/**
 * Capacity and limits by unique `_id` insert (atomic on MongoDB and FerretDB alike):
 *  - seat `seat:<dealership>:<day>:<block>:<type>:<n>`, n = 1..capacity;
 *  - open-booking limits `vehicle:<vehicle>:slot<n>` and `owner:<customer>:<dealership>:slot<n>`.
 * Releasing is deleting the claim; the booking keeps its history.
 */
const bookingClaimSchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: ['seat', 'limit'], required: true },
    bookingId: { type: Schema.Types.ObjectId, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    /** Seats: the day and `<block>:<type>`, for availability; limits: empty. */
    day: { type: String, default: '' },
    slotKey: { type: String, default: '' },
    at: { type: Date, required: true }
  },
  { versionKey: false, collection: 'booking_claims' }
);
// Availability: a dealership's taken seats over a range of days.
bookingClaimSchema.index({ dealershipId: 1, day: 1 });

export const BookingClaim = mongoose.model('BookingClaim', bookingClaimSchema);

/**
 * Once-only state changes: `_id` = `<bookingId>:<version>`. Two concurrent transitions read
 * the same version, so only one insert succeeds; the record carries the change so that a
 * transition interrupted half-way is finished by the next caller.
 */
const bookingTransitionSchema = new Schema(
  {
    _id: { type: String, required: true },
    bookingId: { type: Schema.Types.ObjectId, required: true },
    set: { type: Schema.Types.Mixed, required: true },
    historyEntry: { type: Schema.Types.Mixed, required: true },
    releaseClaimIds: { type: [String], default: [] },
    at: { type: Date, required: true }
  },
  { versionKey: false, collection: 'booking_transitions', minimize: false }
);

export const BookingTransition = mongoose.model('BookingTransition', bookingTransitionSchema);

/** A dealership's booking settings, `_id` = dealership id; created with defaults on first read. */
const bookingSettingsSchema = new Schema(
  {
    _id: { type: String, required: true },
    blocks: { type: [{ start: String, end: String, _id: false }], required: true },
    capacity: { type: Schema.Types.Mixed, required: true },
    closedDays: { type: [String], default: [] },
    closedOnPublicHolidays: { type: Boolean, required: true },
    leadTimeHours: { type: Number, required: true },
    cutoffHours: { type: Number, required: true },
    maxDaysAhead: { type: Number, required: true },
    maxOpenPerVehicle: { type: Number, required: true },
    maxOpenPerOwner: { type: Number, required: true },
    updatedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'booking_settings', minimize: false }
);

export const BookingSettingsModel = mongoose.model('BookingSettings', bookingSettingsSchema);
