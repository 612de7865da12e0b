import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * Per-dealership settings. Every number in docs/domain.md is a default here that a manager can
 * change (see dealership-settings.ts for the schema and defaults).
 */
const dealershipSchema = new Schema(
  {
    /** Short code used in QR scenes (`d=<code>`). */
    code: { type: String, required: true },
    name: { type: String, required: true },
    address: { type: String, default: '' },
    phone: { type: String, default: '' },
    settings: { type: Schema.Types.Mixed, default: {} },
    /** Bumped by every settings edit, which writes only the keys it changes (lib/write-turn.ts). */
    settingsRevision: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'dealerships', minimize: false }
);
// Resolving a QR scene to its dealership.
dealershipSchema.index({ code: 1 }, { unique: true });

export type DealershipDoc = InferSchemaType<typeof dealershipSchema>;
export const Dealership = mongoose.model('Dealership', dealershipSchema);
