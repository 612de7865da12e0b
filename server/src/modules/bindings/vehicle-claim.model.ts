import mongoose, { Schema } from 'mongoose';

/** An owner's proof of possession (plate + last 6 of VIN). `_id` = `<vehicleId>:<ownerId>`. */
const vehicleClaimSchema = new Schema(
  {
    _id: { type: String, required: true },
    vehicleId: { type: Schema.Types.ObjectId, required: true },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    claimedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'vehicle_claims' }
);
// An owner's vehicles.
vehicleClaimSchema.index({ ownerId: 1, dealershipId: 1 });

export const VehicleClaim = mongoose.model('VehicleClaim', vehicleClaimSchema);
