import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * A dealership's due settings beyond those the dealership settings already hold (intervals,
 * warranty, 三包 live there): lead days, projection, inspection rules, per-series intervals,
 * the control group share — and the series averages the last refresh measured. `_id` is the
 * dealership id, so concurrent first reads create one document (unique `_id`).
 */
const dueSettingsSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** The engine settings other than the dealership settings' fields, as last saved (validated on read). */
    settings: { type: Schema.Types.Mixed, required: true },
    /**
     * Series averages (km/day by `series|usage`) measured by refreshes: `latest` by the last
     * one, `earlier` by the last one of an earlier day. A refresh projects with the newest
     * measured before its own day, so refreshing twice a day gives the same answer.
     */
    fleet: {
      type: {
        latest: { type: { measuredOn: String, averages: Schema.Types.Mixed }, default: null, _id: false },
        earlier: { type: { measuredOn: String, averages: Schema.Types.Mixed }, default: null, _id: false }
      },
      default: () => ({ latest: null, earlier: null }),
      _id: false
    },
    updatedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'due_settings', minimize: false }
);

export type DueSettingsDoc = InferSchemaType<typeof dueSettingsSchema>;
export const DueSettingsModel = mongoose.model('DueSettings', dueSettingsSchema);
