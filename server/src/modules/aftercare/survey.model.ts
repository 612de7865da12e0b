import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { visitSnapshotSchema } from './callback.model';

/** A satisfaction survey of one service visit; `visitKey` is unique: one survey per visit. */
const surveySchema = new Schema(
  {
    visitKey: { type: String, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    /** The car of the visit (its plate and name are read live with the page). */
    vehicleId: { type: Schema.Types.ObjectId, default: null },
    /** The customer's advisor at the visit (satisfaction by advisor). */
    advisorId: { type: Schema.Types.ObjectId, default: null },
    visit: { type: visitSnapshotSchema, required: true },
    createdAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'aftercare_surveys' }
);
// Once-only generation: one survey per visit.
surveySchema.index({ visitKey: 1 }, { unique: true });
// An owner's surveys (through their archives); a customer's page.
surveySchema.index({ customerId: 1, createdAt: -1 });

export type SurveyDoc = InferSchemaType<typeof surveySchema> & { _id: mongoose.Types.ObjectId };
export const Survey = mongoose.model('AftercareSurvey', surveySchema);

/**
 * The answer of a survey. `surveyId` is unique: one answer per visit even under concurrent
 * submits. `_id` is made when the answer is given, so answers read in `_id` order are the
 * "survey answered" events the points module consumes (surveyAnswersSince).
 */
const surveyAnswerSchema = new Schema(
  {
    surveyId: { type: Schema.Types.ObjectId, required: true },
    visitKey: { type: String, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    advisorId: { type: Schema.Types.ObjectId, default: null },
    serviceType: { type: String, default: null },
    /** The day of the visit (satisfaction of a period's visits, by month). */
    visitDate: { type: String, required: true },
    reception: { type: Number, required: true },
    quality: { type: Number, required: true },
    timeliness: { type: Number, required: true },
    price: { type: Number, required: true },
    comment: { type: String, default: '' },
    lowScore: { type: Boolean, required: true },
    answeredAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'aftercare_survey_answers' }
);
// One answer per survey.
surveyAnswerSchema.index({ surveyId: 1 }, { unique: true });
// KPI: a dealership's answers for the visits of a period.
surveyAnswerSchema.index({ dealershipId: 1, visitDate: 1 });

export type SurveyAnswerDoc = InferSchemaType<typeof surveyAnswerSchema> & { _id: mongoose.Types.ObjectId };
export const SurveyAnswer = mongoose.model('AftercareSurveyAnswer', surveyAnswerSchema);
