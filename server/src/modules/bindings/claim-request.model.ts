import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { CLAIM_DECISIONS, CLAIM_REQUEST_STATUSES } from '@dealer/shared';

/**
 * A claim on a vehicle whose archive is not the claimant's (the archive's mobile is not
 * their verified mobile): it waits for the archive's bound owner, its advisor or a manager.
 */
const claimRequestSchema = new Schema(
  {
    /**
     * `<vehicleId>:<ownerId>` while pending, `closed:<_id>` once decided: the unique index
     * makes "one pending request per vehicle and claimant" hold under concurrent claims.
     */
    openKey: { type: String, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    vehicleId: { type: Schema.Types.ObjectId, required: true },
    /** The archive the vehicle belonged to when the claim was made. */
    archiveCustomerId: { type: Schema.Types.ObjectId, required: true },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    /** The claimant's own archive at the dealership (their binding). */
    claimantCustomerId: { type: Schema.Types.ObjectId, required: true },
    claimantName: { type: String, required: true },
    claimantMobile: { type: String, default: null },
    plate: { type: String, default: null },
    status: { type: String, enum: CLAIM_REQUEST_STATUSES, required: true },
    decidedAt: { type: Date, default: null },
    createdAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'vehicle_claim_requests' }
);
// One pending request per (vehicle, claimant).
claimRequestSchema.index({ openKey: 1 }, { unique: true });
// The claimant's requests, newest first.
claimRequestSchema.index({ ownerId: 1, createdAt: -1 });
// A dealership's pending requests (managers, advisors).
claimRequestSchema.index({ dealershipId: 1, status: 1 });
// Requests on an archive's vehicles (its bound owner decides).
claimRequestSchema.index({ archiveCustomerId: 1, status: 1 });
// Other requests on the same vehicle, closed when one is approved.
claimRequestSchema.index({ vehicleId: 1, status: 1 });

export type ClaimRequestDoc = InferSchemaType<typeof claimRequestSchema>;
export const ClaimRequest = mongoose.model('VehicleClaimRequest', claimRequestSchema);

/** Deciding is once-only: `_id` = the request's id, so two deciders at once make one decision. */
const claimDecisionSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    decision: { type: String, enum: CLAIM_DECISIONS, required: true },
    deciderKind: { type: String, enum: ['staff', 'owner'], required: true },
    deciderId: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true }
  },
  { versionKey: false, collection: 'vehicle_claim_decisions' }
);

export const ClaimDecisionRecord = mongoose.model('VehicleClaimDecision', claimDecisionSchema);

/**
 * A vehicle handed over from an archive to one claimant: `_id` = `<vehicleId>:<archiveId>`,
 * so two approvals of different claimants of one vehicle transfer it once.
 */
const vehicleHandoverSchema = new Schema(
  {
    _id: { type: String, required: true },
    requestId: { type: Schema.Types.ObjectId, required: true },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true }
  },
  { versionKey: false, collection: 'vehicle_handovers' }
);

export const VehicleHandover = mongoose.model('VehicleHandover', vehicleHandoverSchema);

export const handoverKey = (vehicleId: unknown, archiveCustomerId: unknown) =>
  `${String(vehicleId)}:${String(archiveCustomerId)}`;
