import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** A saved segment: a named customer filter, evaluated when used (no stored membership). */
const segmentSchema = new Schema(
  {
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    description: { type: String, default: '' },
    /** A `segmentFilter` (shared/src/api/segments.ts), validated on write and on read. */
    filter: { type: Schema.Types.Mixed, required: true },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    createdByName: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'segments', minimize: false }
);
// Names are unique per dealership (a concurrent duplicate loses on the index); the list.
segmentSchema.index({ dealershipId: 1, name: 1 }, { unique: true });

export type SegmentDoc = InferSchemaType<typeof segmentSchema>;
export const Segment = mongoose.model('Segment', segmentSchema);
