import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { VEHICLE_USAGES } from '@dealer/shared';
import { anniversaryKeyPlugin } from '../../lib/occasion-keys';

const vehicleSchema = new Schema(
  {
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    plate: { type: String, default: null },
    vin: { type: String, default: null },
    /** `VIN:<vin>`, else `PLATE:<plate>`: the import's identity key for a vehicle. */
    identityKey: { type: String, required: true },
    brand: { type: String, default: '' },
    series: { type: String, default: '' },
    model: { type: String, default: '' },
    /** Purchase / delivery date, YYYY-MM-DD. */
    deliveryDate: { type: String, default: null },
    /** 'MM-DD' of deliveryDate (care/occasion-keys.ts): purchase anniversaries by index. */
    anniversaryKey: { type: String, default: 'none' },
    usage: { type: String, enum: [...VEHICLE_USAGES, null], default: null },
    mileageKm: { type: Number, default: null },
    /** The day the odometer showed mileageKm; null = a reported figure with no day (no reading). */
    mileageDate: { type: String, default: null },
    /** Where the dated reading came from (READING_SOURCES of the due engine); null when not recorded. */
    mileageSource: { type: String, default: null },
    insuranceRenewalDate: { type: String, default: null },
    inspectionDate: { type: String, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'vehicles' }
);
// Import idempotency: one vehicle per VIN (else plate) per dealership.
vehicleSchema.index({ dealershipId: 1, identityKey: 1 }, { unique: true });
// Claim by plate, and search by plate.
vehicleSchema.index({ dealershipId: 1, plate: 1 });
// Search by VIN.
vehicleSchema.index({ dealershipId: 1, vin: 1 });
// A customer's vehicles.
vehicleSchema.index({ customerId: 1 });
// DMS import: a batch's vehicles by `identityKey $in`, and by `plate $in` for rows without a
// VIN (dealership checked in code): FerretDB serves an $in only from an index led by that field.
vehicleSchema.index({ identityKey: 1 });
vehicleSchema.index({ plate: 1 });
// The care job: a dealership's purchase anniversaries on a day.
vehicleSchema.index({ dealershipId: 1, anniversaryKey: 1 });
// Aftercare's 7DC: the cars delivered on one day. FerretDB (SQLite) searches an index by its
// leading field only, and the query's first field picks it: `{deliveryDate, dealershipId}`
// reads the day's few cars, where the anniversary index reads every car of the dealership.
vehicleSchema.index({ deliveryDate: 1, dealershipId: 1 });
vehicleSchema.plugin(anniversaryKeyPlugin);

export type VehicleDoc = InferSchemaType<typeof vehicleSchema>;
export const Vehicle = mongoose.model('Vehicle', vehicleSchema);
