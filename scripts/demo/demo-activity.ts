import mongoose, { type Types } from 'mongoose';
import type { IsoDate } from '@dealer/shared/domain';
import type { AppDeps } from '../../server/src/deps';
import { clock } from '../../server/src/lib/clock';
import { runJobNow } from '../../server/src/lib/jobs';
import { Dealership } from '../../server/src/modules/dealerships/dealership.model';
import { recomputeTiers } from '../../server/src/modules/tiers/tier-run.service';
import type { SandboxState } from '../wechat-sandbox';
import { bookDemoVisits } from './demo-bookings';
import { bindDemoOwners, pastCareDays } from './demo-owners';
import { createDemoSegments } from './demo-segments';
import { creditDemoVisitor, stockDemoShop } from './demo-points';
import { DEMO_DEALER_CODE, DEMO_OWNER } from './seed-demo';

/**
 * Brings the seeded demo dealership to life with the product's own jobs and services, so
 * that every page shows what they produce rather than rows written by hand:
 *  1. value tiers as the nightly job computed them on the first of each of the last 12
 *     months, then today with the other classes (history for A/B churn and tier movement);
 *  2. two customer segments saved by the marketing specialist (segment service);
 *  3. owners bound through the binding service, most with care consents and their car;
 *  4. the care job for the last days (as if run at 10:00 each day, the operator's
 *     `care-run --now`) and for today: greetings through WeChat (the sandbox), inbox
 *     notices, advisor tasks;
 *  5. upcoming visits for the demo visitor's cars, booked by their advisor (booking service);
 *  6. the due events as the nightly job computes them (after the tiers, bindings and bookings
 *     it copies and reads), then the day's reminder run, so the advisors' workbench, the
 *     owners' "next due" card and the reminder funnel have content on the first start (the
 *     control group gets no reminder, as in real use).
 * Runs once: a marker (unique insert) is written at the end; every step is idempotent on
 * its own, so a start interrupted halfway completes it the next time.
 */

const MARKERS = 'demo_seed_marks';
const markerId = (code: string) => `activity:${code}`;
export const DEMO_TIER_MONTHS = 12;
export const DEMO_CARE_DAYS = 7;

export interface DemoActivityOptions {
  deps: AppDeps;
  /** The WeChat sandbox the app talks to; without one no owner can sign in, so none is bound. */
  sandbox: SandboxState | null;
  today: IsoDate;
  log?: (line: string) => void;
}

export interface DemoActivity {
  tierRuns: number;
  owners: number;
  careRuns: number;
  bookings: number;
  dueEvents: number;
  reminders: number;
  rewards: number;
  visitorPoints: number;
}

/** The first day of the month `back` months before the month of `day`. */
export function monthStart(day: IsoDate, back: number): IsoDate {
  const index = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1 - back;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01` as IsoDate;
}

const markers = () => {
  const db = mongoose.connection.db;
  if (!db) throw new Error('the database is not connected');
  return db.collection<{ _id: string; at: Date }>(MARKERS);
};

async function recomputeTierHistory(
  dealershipId: Types.ObjectId,
  today: IsoDate,
  log: (line: string) => void
): Promise<number> {
  const days = [
    ...Array.from({ length: DEMO_TIER_MONTHS }, (_, i) => monthStart(today, DEMO_TIER_MONTHS - i)),
    today
  ];
  for (const [i, asOf] of days.entries()) {
    log(`tiers as of ${asOf} (${i + 1}/${days.length})`);
    await recomputeTiers(dealershipId, asOf, { trigger: 'nightly', withClasses: asOf === today });
  }
  return days.length;
}

async function runCareDays(
  deps: AppDeps,
  days: readonly IsoDate[],
  today: IsoDate,
  log: (line: string) => void
): Promise<void> {
  for (const day of days) {
    log(`care day ${day} (as run at 10:00)`);
    clock.set(() => new Date(`${day}T10:00:00+08:00`));
    try {
      await runJobNow('care-daily', { deps, date: day, options: { dealership: DEMO_DEALER_CODE } });
    } finally {
      clock.set(null);
    }
  }
  // Today's run at the real time: outside the send window its greetings wait for the sender job.
  log(`care day ${today}`);
  await runJobNow('care-daily', { deps, date: today, options: { dealership: DEMO_DEALER_CODE } });
}

/** The nightly due refresh, then the daily reminder run, for the demo dealership today. */
async function refreshDueAndRemind(
  deps: AppDeps,
  dealershipId: Types.ObjectId,
  today: IsoDate,
  log: (line: string) => void
): Promise<{ dueEvents: number; reminders: number }> {
  log(`due events as of ${today}`);
  const due = await runJobNow('due-nightly', {
    deps,
    date: today,
    options: { dealership: String(dealershipId) }
  });
  log(`service reminders of ${today}`);
  const run = await runJobNow('reminders-daily', {
    deps,
    date: today,
    options: { dealership: DEMO_DEALER_CODE }
  });
  const { sent = 0, inbox = 0, task = 0, failed = 0 } = run.counts;
  return { dueEvents: due.counts.written ?? 0, reminders: sent + inbox + task + failed };
}

/** Returns what it did, or null when the demo was brought to life before (or is not seeded). */
export async function bringDemoToLife(options: DemoActivityOptions): Promise<DemoActivity | null> {
  const log = options.log ?? (() => undefined);
  const dealership = await Dealership.findOne({ code: DEMO_DEALER_CODE }, { _id: 1, code: 1 }).lean();
  if (!dealership || (await markers().findOne({ _id: markerId(dealership.code) }))) return null;
  const tierRuns = await recomputeTierHistory(dealership._id, options.today, log);
  log('saving the marketing specialist’s customer segments');
  await createDemoSegments(dealership._id);
  const careDays = pastCareDays(options.today, DEMO_CARE_DAYS);
  let owners = 0;
  if (options.sandbox) {
    log('binding demo car owners through WeChat (sandbox)');
    const bound = await bindDemoOwners({
      deps: options.deps,
      sandbox: options.sandbox,
      dealershipId: dealership._id,
      dealerCode: dealership.code,
      careDays: [...careDays, options.today],
      skipMobile: DEMO_OWNER.mobile
    });
    owners = bound.length;
  } else {
    log('no WeChat sandbox: no demo owners bound');
  }
  await runCareDays(options.deps, careDays, options.today, log);
  log('booking the demo visitor’s upcoming visits');
  const bookings = await bookDemoVisits(dealership._id);
  const reminded = await refreshDueAndRemind(options.deps, dealership._id, options.today, log);
  log('stocking the rewards shop and crediting the demo visitor’s repair orders of the last year');
  const rewards = await stockDemoShop(dealership._id);
  const visitorPoints = await creditDemoVisitor(
    dealership._id,
    `${Number(options.today.slice(0, 4)) - 1}${options.today.slice(4)}`
  );
  await markers()
    .insertOne({ _id: markerId(dealership.code), at: new Date() })
    .catch((err: unknown) => {
      // Two starts at once: the other one wrote it.
      if (!(err instanceof mongoose.mongo.MongoServerError && err.code === 11000)) throw err;
    });
  return { tierRuns, owners, careRuns: careDays.length + 1, bookings, ...reminded, rewards, visitorPoints };
}
