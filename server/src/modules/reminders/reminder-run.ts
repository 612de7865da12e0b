import { dealershipsForRun } from '../dealerships/job-dealerships';
import { Types } from 'mongoose';
import { addDays } from '@dealer/shared/domain/dates';
import type { Infrastructure } from '../../infrastructure';
import type { JobContext } from '../../lib/jobs/define';
import { insertManyUnique } from '../../lib/jobs/unique-insert';
import { op } from '../../lib/query';
import { clock } from '../../lib/clock';
import { loadSettings } from '../dealerships/dealership.service';
import { DueEvent, type DueEventRecord } from '../due/due-event.model';
import { claimLeftBehind, claimNew } from './reminder-claims';
import { deliverReminder, type DeliveryEnv } from './reminder-delivery';
import { ReminderSend } from './reminder.model';

/**
 * The daily reminder run: every current, non-control due event whose reminder window has
 * opened (`remindFrom` ≤ the run's day) and whose return window is not over yet gets its one
 * reminder. Once per occurrence: the reminder record (`_id` = due event id) is a unique insert
 * made before anything is delivered, and delivery is claimed (reminder-claims.ts). A run first
 * finishes reminders a stopped process left pending, then adds the new ones, batch by batch.
 */

const BATCH = 200;
const PARALLEL = 4;

export const deliveryEnvOf = (deps: Infrastructure): DeliveryEnv => ({
  wechat: deps.wechat,
  retryBaseMs: deps.config.CARE_RETRY_BASE_MS,
  maxAttempts: deps.config.CARE_SEND_MAX_ATTEMPTS
});

/** Runs `work` over `items`, a few at a time. */
async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, lane));
}

async function deliverAll(ctx: JobContext, ids: ReadonlySet<string>): Promise<void> {
  if (ids.size === 0) return;
  const events = await DueEvent.find({ _id: op.in([...ids]) }).lean<DueEventRecord[]>();
  const env = deliveryEnvOf(ctx.deps);
  await inParallel(events, async (event) => {
    try {
      const result = await deliverReminder(event, env);
      ctx.count(result.outcome);
    } catch (err) {
      ctx.itemFailed(event._id, err);
    }
  });
}

/** Reminders a stopped process left pending (inserted, maybe claimed, never finished). */
async function finishLeftBehind(ctx: JobContext, dealershipIds: readonly Types.ObjectId[]): Promise<void> {
  const pending = await ReminderSend.find(
    { outcome: 'pending', dealershipId: op.in(dealershipIds) },
    { _id: 1 }
  ).lean();
  const mine = await claimLeftBehind(pending.map((p) => p._id));
  ctx.count('resumed', mine.size);
  await deliverAll(ctx, mine);
}

async function remindDealership(ctx: JobContext, dealershipId: Types.ObjectId): Promise<void> {
  const { kpis } = await loadSettings(dealershipId);
  const filter = {
    dealershipId,
    current: true,
    remindFrom: op.lte(ctx.date),
    dueDate: op.gte(addDays(ctx.date, -kpis.returnWindowDays)),
    controlGroup: false
  };
  const cursor = DueEvent.find(filter).sort({ remindFrom: 1, _id: 1 }).lean<DueEventRecord[]>().cursor();
  let batch: DueEventRecord[] = [];
  const flush = async () => {
    const events = batch;
    batch = [];
    const known = new Set(
      (await ReminderSend.find({ _id: op.in(events.map((e) => e._id)) }, { _id: 1 }).lean()).map((r) => r._id)
    );
    const fresh = events.filter((e) => !known.has(e._id));
    const now = clock.now();
    const inserted = await insertManyUnique(
      ReminderSend,
      fresh.map((e) => ({
        _id: e._id,
        dealershipId: e.dealershipId,
        vehicleId: e.vehicleId,
        customerId: e.customerId,
        advisorId: e.advisorId ?? null,
        type: e.type,
        dueDate: e.dueDate,
        by: 'run',
        staffId: null,
        channel: null,
        outcome: 'pending',
        errcode: null,
        sentAt: now,
        finishedAt: null
      }))
    );
    const mine = await claimNew(fresh.filter((_, i) => inserted[i]).map((e) => e._id));
    ctx.count('alreadyReminded', events.length - mine.size);
    await deliverAll(ctx, mine);
    ctx.count('considered', events.length);
  };
  for await (const event of cursor) {
    batch.push(event as DueEventRecord);
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length) await flush();
}

export async function runReminders(ctx: JobContext): Promise<void> {
  // `dealership`: one dealership, by id or code (operators); otherwise every one.
  const dealerships = (await dealershipsForRun(ctx.options.dealership)).map((d) => d._id);
  ctx.progress({ phase: 'resume', done: 0, total: null });
  await finishLeftBehind(ctx, dealerships);
  ctx.progress({ phase: 'remind', done: 0, total: dealerships.length });
  for (const [i, id] of dealerships.entries()) {
    try {
      await remindDealership(ctx, id);
    } catch (err) {
      ctx.itemFailed(String(id), err);
    }
    ctx.progress({ done: i + 1 });
  }
}
