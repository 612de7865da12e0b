import { dealershipsForRun } from '../dealerships/job-dealerships';
import { addDays } from '@dealer/shared/domain/dates';
import { clock } from '../../lib/clock';
import type { JobContext, JobDefinition } from '../../lib/jobs/define';
import { aftercareSettingsOf } from './aftercare-settings.service';
import {
  CALLBACK_DELAY_DAYS,
  forServiceVisits,
  generateDeliveryCallbacks,
  insertCallbacks
} from './callback-generation';
import { escalateOverdueComplaints } from './complaint-escalation';
import { SurveyStage } from './survey-stage';

const dealershipsOf = (ctx: JobContext) => dealershipsForRun(ctx.options.dealership);

/**
 * The day's aftercare work for every (or one) dealership: 7DC callbacks for cars delivered
 * seven days before, 3DC callbacks for service visits three days before, and survey
 * invitations for visits `surveyDelayDays` before. Everything is keyed by visit, so a rerun
 * or a second instance repeats nothing.
 */
export async function runAftercareDay(ctx: JobContext): Promise<void> {
  const now = clock.now();
  for (const dealer of await dealershipsOf(ctx)) {
    try {
      const settings = await aftercareSettingsOf(String(dealer._id));
      const callbackDay = addDays(ctx.date, -CALLBACK_DELAY_DAYS['3dc']);
      const surveyDay = addDays(ctx.date, -settings.surveyDelayDays);
      const surveys = new SurveyStage(dealer, ctx, now);
      try {
        // The few deliveries of a week ago are read and written beside the day's service visits.
        const [delivered, visits] = await Promise.all([
          generateDeliveryCallbacks(dealer._id, ctx.date, now),
          forServiceVisits(dealer._id, callbackDay, async (batch) => {
            const [callbacks] = await Promise.all([
              insertCallbacks(batch, '3dc', now),
              surveyDay === callbackDay ? surveys.add(batch) : undefined
            ]);
            ctx.count('callbacks3dc', callbacks);
            ctx.progress({ done: batch.length });
          })
        ]);
        ctx.count('callbacks7dc', delivered.created);
        ctx.count('visits', visits);
        if (surveyDay !== callbackDay)
          await forServiceVisits(dealer._id, surveyDay, (batch) => surveys.add(batch));
        await surveys.finish();
      } finally {
        await surveys.settle();
      }
    } catch (err) {
      ctx.itemFailed(`dealership ${String(dealer._id)}`, err);
    }
  }
}

export const aftercareJobs: JobDefinition[] = [
  {
    name: 'aftercare-daily',
    cron: '0 1 * * *',
    timezone: 'Asia/Shanghai',
    description: 'Generate the day’s 7DC / 3DC callbacks and satisfaction survey invitations',
    run: runAftercareDay
  },
  {
    name: 'aftercare-escalation',
    cron: '*/5 * * * *',
    timezone: 'Asia/Shanghai',
    description: 'Escalate complaints whose acknowledge or resolve deadline has passed',
    run: escalateOverdueComplaints
  }
];
