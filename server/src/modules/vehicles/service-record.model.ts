import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { SERVICE_TYPES } from '@dealer/shared';
import { SERVICE_PAYERS } from '@dealer/shared/domain';

/** A repair order (维修工单), usually imported from the DMS. */
const serviceRecordSchema = new Schema(
  {
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    vehicleId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    roNumber: { type: String, required: true },
    serviceDate: { type: String, required: true },
    dateOut: { type: String, default: null },
    type: { type: String, enum: SERVICE_TYPES, required: true },
    amountFen: { type: Number, required: true },
    /** 有偿: tiers count paid service only. Imports derive it from `payer` when the DMS says who paid. */
    paid: { type: Boolean, required: true },
    /** Who paid (customer / insurance / warranty / internal); null when the DMS did not say. */
    payer: { type: String, enum: [...SERVICE_PAYERS, null], default: null },
    profitFen: { type: Number, default: null },
    mileageKm: { type: Number, default: null },
    advisorId: { type: Schema.Types.ObjectId, default: null },
    advisorName: { type: String, default: null },
    items: { type: [String], default: [] },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'service_records' }
);
// Import idempotency: RO numbers are unique per dealership.
serviceRecordSchema.index({ dealershipId: 1, roNumber: 1 }, { unique: true });
// A vehicle's history, newest first.
serviceRecordSchema.index({ vehicleId: 1, serviceDate: -1 });
// DMS import: a batch's RO numbers (`roNumber $in`, dealership checked in code). FerretDB's
// pushdown serves an $in only from an index that starts with that field.
serviceRecordSchema.index({ roNumber: 1 });
// Aftercare: a dealership's service visits of a day (3DC callbacks, surveys).
serviceRecordSchema.index({ dealershipId: 1, serviceDate: 1 });
// A customer's history (archive, tiers).
serviceRecordSchema.index({ customerId: 1, serviceDate: -1 });

export type ServiceRecordDoc = InferSchemaType<typeof serviceRecordSchema>;
export const ServiceRecord = mongoose.model('ServiceRecord', serviceRecordSchema);
