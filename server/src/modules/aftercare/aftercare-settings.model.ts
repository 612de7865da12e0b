import mongoose, { Schema } from 'mongoose';

/** A dealership's aftercare settings, `_id` = dealership id; absent fields take the defaults. */
const aftercareSettingsSchema = new Schema(
  {
    _id: { type: String, required: true },
    callbackMaxAttempts: { type: Number },
    callbackRetryDays: { type: Number },
    lowScoreThreshold: { type: Number },
    surveyDelayDays: { type: Number },
    surveyCatchUpDays: { type: Number },
    deadlines: { type: Schema.Types.Mixed },
    updatedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'aftercare_settings', minimize: false }
);

export const AftercareSettingsModel = mongoose.model('AftercareSettings', aftercareSettingsSchema);
