import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * One reassignment batch: which customers it covers, fixed when the batch is first seen.
 * `_id` = `<dealershipId>:<batchId>`, so a retried or doubled request (same batchId) finds
 * the same snapshot through a unique insert and repeats no move and no notice.
 */
const reassignmentSchema = new Schema(
  {
    _id: { type: String, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    batchId: { type: String, required: true },
    fromAdvisorId: { type: Schema.Types.ObjectId, required: true },
    toAdvisorId: { type: Schema.Types.ObjectId, required: true },
    customerIds: { type: [Schema.Types.ObjectId], default: [] },
    byStaffId: { type: Schema.Types.ObjectId, required: true },
    byStaffName: { type: String, required: true },
    createdAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'reassignments' }
);

export type ReassignmentDoc = InferSchemaType<typeof reassignmentSchema>;
export const Reassignment = mongoose.model('Reassignment', reassignmentSchema);
