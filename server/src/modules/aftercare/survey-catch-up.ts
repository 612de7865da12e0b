import type { Types } from 'mongoose';
import { addDays } from '@dealer/shared/domain/dates';
import { clock, shanghaiDate } from '../../lib/clock';
import { Dealership } from '../dealerships/dealership.model';
import { aftercareSettingsOf } from './aftercare-settings.service';
import { generateLateSurveys } from './survey-generation';
import { withFacts } from './visit-facts';
import { serviceVisitsOf } from './visits';

/**
 * Surveys are generated only for visits whose customer has a bound owner. When a customer
 * binds, the visits of the last `surveyCatchUpDays` days whose survey day has come
 * (`surveyDelayDays` after the visit, up to today) get theirs now; later visits are the daily
 * run's. Same unique `visitKey` and dispatch key as the daily run, so a repeated bind, a rerun
 * of the day or a concurrent run never makes a second survey or invitation. Returns how many
 * surveys were new.
 */
export async function catchUpSurveys(bound: {
  dealershipId: Types.ObjectId;
  customerId: Types.ObjectId;
}): Promise<number> {
  const settings = await aftercareSettingsOf(String(bound.dealershipId));
  if (settings.surveyCatchUpDays === 0) return 0;
  const now = clock.now();
  const today = shanghaiDate(now);
  const from = addDays(today, -settings.surveyCatchUpDays);
  const to = addDays(today, -settings.surveyDelayDays);
  if (to < from) return 0;
  const visits = await serviceVisitsOf(bound.dealershipId, bound.customerId, from, to);
  if (visits.length === 0) return 0;
  const dealer = await Dealership.findById(bound.dealershipId, { name: 1 }).lean();
  if (!dealer) return 0;
  return generateLateSurveys(await withFacts(visits), dealer, now);
}
