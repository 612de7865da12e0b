import mongoose, { Types } from 'mongoose';
import type { z } from 'zod';
import type { SurveyView, surveyAnswerRequest } from '@dealer/shared';
import { clock } from '../../lib/clock';
import { conflict, isDuplicateKeyError, notFound } from '../../lib/errors';
import { op } from '../../lib/query';
import { Dealership } from '../dealerships/dealership.model';
import { aftercareSettingsOf } from './aftercare-settings.service';
import { ownerCustomers } from './aftercare.policy';
import { openComplaint } from './complaint.service';
import { Survey, SurveyAnswer, type SurveyAnswerDoc, type SurveyDoc } from './survey.model';
import { vehicleFactsOf, vehicleTitleOf, type VehicleFacts } from './visit-facts';

type AnswerInput = z.infer<typeof surveyAnswerRequest>;

function presentSurvey(
  s: SurveyDoc,
  answer: SurveyAnswerDoc | undefined,
  dealershipName: string,
  vehicle: VehicleFacts | undefined
): SurveyView {
  return {
    id: String(s._id),
    status: answer ? 'answered' : 'pending',
    dealershipName,
    visit: {
      key: s.visit.key,
      date: s.visit.date,
      serviceType: s.visit.serviceType ?? null,
      roNumber: s.visit.roNumber ?? null,
      amountFen: s.visit.amountFen ?? null,
      advisorName: s.visit.advisorName ?? null,
      items: [...(s.visit.items ?? [])],
      // The car as it is now; surveys made before copied it (kept as a fallback).
      plate: vehicle ? (vehicle.plate ?? null) : (s.visit.plate ?? null),
      vehicleTitle: vehicle ? vehicleTitleOf(vehicle) : (s.visit.vehicleTitle ?? '')
    },
    answer: answer
      ? {
          reception: answer.reception,
          quality: answer.quality,
          timeliness: answer.timeliness,
          price: answer.price,
          comment: answer.comment ?? '',
          answeredAt: answer.answeredAt.toISOString()
        }
      : null,
    createdAt: s.createdAt.toISOString()
  };
}

export async function presentSurveys(surveys: SurveyDoc[]): Promise<SurveyView[]> {
  if (surveys.length === 0) return [];
  const [answers, dealers, vehicles] = await Promise.all([
    SurveyAnswer.find({ surveyId: op.in(surveys.map((s) => s._id)) }).lean<SurveyAnswerDoc[]>(),
    Dealership.find(
      { _id: op.in([...new Set(surveys.map((s) => String(s.dealershipId)))]) },
      { name: 1 }
    ).lean(),
    vehicleFactsOf(surveys.flatMap((s) => (s.vehicleId ? [s.vehicleId] : [])))
  ]);
  const bySurvey = new Map(answers.map((a) => [String(a.surveyId), a]));
  const names = new Map(dealers.map((d) => [String(d._id), d.name]));
  return surveys.map((s) =>
    presentSurvey(
      s,
      bySurvey.get(String(s._id)),
      names.get(String(s.dealershipId)) ?? '',
      s.vehicleId ? vehicles.get(String(s.vehicleId)) : undefined
    )
  );
}

/** The owner's surveys (of the archives bound to them), newest first. */
export async function ownerSurveys(ownerId: string) {
  const customers = await ownerCustomers(ownerId);
  const surveys = customers.length
    ? await Survey.find({ customerId: op.in(customers.map((c) => c._id)) })
        .sort({ createdAt: -1 })
        .limit(50)
        .lean<SurveyDoc[]>()
    : [];
  return { items: await presentSurveys(surveys) };
}

async function loadOwnerSurvey(ownerId: string, id: string) {
  const customers = await ownerCustomers(ownerId);
  const survey = await Survey.findOne({
    _id: new Types.ObjectId(id),
    customerId: op.in(customers.map((c) => c._id))
  }).lean<SurveyDoc>();
  if (!survey) throw notFound('满意度调查', 'SURVEY_NOT_FOUND');
  return { survey, customer: customers.find((c) => String(c._id) === String(survey.customerId)) };
}

export async function ownerSurvey(ownerId: string, id: string): Promise<SurveyView> {
  const { survey } = await loadOwnerSurvey(ownerId, id);
  const [view] = await presentSurveys([survey]);
  return view;
}

/**
 * Answers a survey once: the answer's unique `surveyId` lets one of any number of
 * concurrent submits in (the others get 409). Any rating at or below the dealership's
 * threshold opens a follow-up complaint (key `survey:<id>`, once-only).
 */
export async function answerSurvey(ownerId: string, id: string, input: AnswerInput): Promise<SurveyView> {
  const { survey, customer } = await loadOwnerSurvey(ownerId, id);
  if (!customer) throw notFound('满意度调查', 'SURVEY_NOT_FOUND');
  const { lowScoreThreshold } = await aftercareSettingsOf(String(survey.dealershipId));
  const ratings = [input.reception, input.quality, input.timeliness, input.price];
  const lowScore = ratings.some((r) => r <= lowScoreThreshold);
  try {
    await SurveyAnswer.create({
      surveyId: survey._id,
      visitKey: survey.visitKey,
      dealershipId: survey.dealershipId,
      customerId: survey.customerId,
      ownerId: new Types.ObjectId(ownerId),
      advisorId: survey.advisorId ?? null,
      serviceType: survey.visit.serviceType ?? null,
      visitDate: survey.visit.date,
      reception: input.reception,
      quality: input.quality,
      timeliness: input.timeliness,
      price: input.price,
      comment: input.comment ?? '',
      lowScore,
      answeredAt: clock.now()
    });
  } catch (err) {
    if (isDuplicateKeyError(err)) throw conflict('SURVEY_ALREADY_ANSWERED', '您已评价过这次服务');
    throw err;
  }
  if (lowScore)
    await openComplaint({
      key: `survey:${String(survey._id)}`,
      customer,
      source: 'survey',
      visitKey: survey.visitKey,
      category: 'other',
      text: `满意度评价低分（接待${input.reception}、维修质量${input.quality}、时效${input.timeliness}、价格${input.price}）${input.comment ? `：${input.comment}` : ''}`,
      by: 'system',
      byName: '满意度低分自动跟进'
    });
  return ownerSurvey(ownerId, id);
}

export interface SurveyAnsweredEvent {
  id: string;
  dealershipId: string;
  customerId: string;
  visitKey: string;
  answeredAt: Date;
}

/** Answers younger than this are not handed out yet, so a reader never skips one still being written. */
const SETTLE_MS = 5_000;

/**
 * "Survey answered" events for the points module, in `_id` order after `afterId`. An answer's
 * `_id` is made when it is given; only answers older than a few seconds are returned, so one
 * whose insert is still in flight (with a smaller id) is never passed over by a reader's cursor.
 */
export async function surveyAnswersSince(
  afterId: string | null,
  limit: number,
  settleMs = SETTLE_MS
): Promise<SurveyAnsweredEvent[]> {
  // ObjectIds carry the real time of the process that made them, not the job clock.
  const second = Math.floor((Date.now() - settleMs) / 1000);
  const settled = new Types.ObjectId(second.toString(16).padStart(8, '0') + 'f'.repeat(16));
  const range = afterId
    ? mongoose.trusted({ $gt: new Types.ObjectId(afterId), $lte: settled })
    : mongoose.trusted({ $lte: settled });
  const rows = await SurveyAnswer.find(
    { _id: range },
    { dealershipId: 1, customerId: 1, visitKey: 1, answeredAt: 1 }
  )
    .sort({ _id: 1 })
    .limit(limit)
    .lean();
  return rows.map((r) => ({
    id: String(r._id),
    dealershipId: String(r.dealershipId),
    customerId: String(r.customerId),
    visitKey: r.visitKey,
    answeredAt: r.answeredAt
  }));
}
