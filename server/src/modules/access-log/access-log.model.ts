import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** Who viewed or exported which archive, when (the archive is confidential). */
const accessLogSchema = new Schema(
  {
    dealershipId: { type: Schema.Types.ObjectId, default: null },
    staffId: { type: Schema.Types.ObjectId, required: true },
    staffName: { type: String, required: true },
    action: { type: String, enum: ['view', 'export'], required: true },
    customerId: { type: Schema.Types.ObjectId, default: null },
    customerName: { type: String, default: null },
    /** For exports: the filter and the row count. */
    detail: { type: String, default: '' },
    requestId: { type: String, default: '' },
    at: { type: Date, required: true }
  },
  { versionKey: false, collection: 'access_logs' }
);
// The manager's review, newest first, optionally per customer or per staff member.
accessLogSchema.index({ dealershipId: 1, at: -1 });
accessLogSchema.index({ customerId: 1, at: -1 });
accessLogSchema.index({ staffId: 1, at: -1 });

export type AccessLogDoc = InferSchemaType<typeof accessLogSchema>;
export const AccessLog = mongoose.model('AccessLog', accessLogSchema);
