import { nextSendTime, occasionSendTime } from '@dealer/shared/domain/calendar/send-window';
import type { IsoDate } from '@dealer/shared/domain/dates';
import type { TaskKind } from '@dealer/shared';
import { op } from '../../../lib/query';
import { insertManyUnique } from '../../../lib/jobs/unique-insert';
import { Owner } from '../../owners/owner.model';
import { Staff } from '../../staff/staff.model';
import { CareDispatch, DispatchResult, OpenDispatch } from '../care-dispatch.model';
import { streamAudience, type AudienceMember } from './audience';
import { renderText, subscribeData, type MessageVars } from './message';
import { occasionOn, type OccasionPlan } from './occasions';
import { deliver } from './deliver';
import {
  BATCH_SIZE,
  loadedDispatch,
  openRecord,
  storedDispatch,
  type CareEnv,
  type CareRule,
  type Dealer,
  type NewDispatch,
  type Planned
} from './dispatch';
import { messageAllowed } from '../consent';

/** Window start on the job day; later in the day: now if inside the window, else the next opening. */
export function sendTimeFor(rule: Pick<CareRule, 'sendWindow'>, date: IsoDate, now: Date): Date {
  const window = { start: rule.sendWindow?.start ?? '09:00', end: rule.sendWindow?.end ?? '21:00' };
  const planned = occasionSendTime(date, 0, window);
  return now < planned ? planned : nextSendTime(now, window);
}

/** The dispatch records for one audience batch, with everything the delivery needs. */
export async function buildDispatches(
  rule: CareRule,
  dealer: Dealer,
  plan: OccasionPlan,
  members: readonly AudienceMember[],
  env: Pick<CareEnv, 'date' | 'now' | 'runId'>
): Promise<Planned[]> {
  const ownerIds = members.flatMap((m) => (m.customer.ownerId ? [m.customer.ownerId] : []));
  const advisorIds = members.flatMap((m) => (m.customer.advisorId ? [m.customer.advisorId] : []));
  const [owners, advisors] = await Promise.all([
    ownerIds.length ? Owner.find({ _id: op.in(ownerIds) }, { openid: 1 }).lean() : [],
    advisorIds.length ? Staff.find({ _id: op.in(advisorIds) }, { name: 1 }).lean() : []
  ]);
  const openids = new Map(owners.map((o) => [String(o._id), o.openid]));
  const advisorNames = new Map(advisors.map((a) => [String(a._id), a.name]));
  const channel = rule.channel;
  const kind = channel.kind as NewDispatch['channel'];
  const sendAt = kind === 'advisor_task' ? env.now : sendTimeFor(rule, env.date, env.now);
  return members.map(({ customer: c, years }) => {
    const occasionDate = plan.episodeKey ? plan.episodeKey(c) : plan.occasionDate;
    const vars: MessageVars = {
      name: c.name,
      dealership: dealer.name,
      date: plan.occasionDate,
      festival: plan.festival,
      occasion: plan.label,
      advisor: c.advisorId ? (advisorNames.get(String(c.advisorId)) ?? '') : '',
      years: years === null ? '' : String(years)
    };
    const fitted = kind === 'subscribe' ? subscribeData(channel.data ?? {}, vars) : null;
    const unbound = kind !== 'advisor_task' && !c.ownerId;
    const doc: NewDispatch = {
      _id: `${String(rule._id)}:${String(c._id)}:${occasionDate}`,
      dealershipId: dealer._id,
      ruleId: rule._id,
      customerId: c._id,
      customerName: c.name,
      ownerId: c.ownerId ?? null,
      openid: c.ownerId ? (openids.get(String(c.ownerId)) ?? null) : null,
      advisorId: c.advisorId ?? null,
      occasion: rule.occasion,
      occasionDate,
      runDate: env.date,
      channel: kind,
      templateId: kind === 'subscribe' ? (channel.templateId ?? null) : null,
      page: kind === 'subscribe' ? (channel.page ?? null) : null,
      data: fitted && 'data' in fitted ? fitted.data : null,
      dataError: fitted && 'error' in fitted ? fitted.error : null,
      title: renderText(rule.message.title, vars),
      body: renderText(rule.message.body, vars),
      task: kind === 'advisor_task' ? (channel.task as TaskKind) : null,
      consent: messageAllowed(rule, c.consent?.marketing),
      sendAt,
      runId: env.runId,
      createdAt: env.now
    };
    return { doc, final: unbound ? { status: 'skipped', reason: 'no_binding' } : null };
  });
}

/**
 * One rule for the job day: stream the audience, insert each batch's dispatch records
 * (the unique `_id` skips what an earlier or concurrent run planned), then deliver what is
 * due — the new records and any left unfinished by an earlier run.
 */
export async function planRule(rule: CareRule, dealer: Dealer, env: CareEnv): Promise<void> {
  const plan = await occasionOn(rule, env.date, dealer._id, env.sources);
  if (!plan) return;
  env.count('rulesMatched');
  for await (const members of streamAudience(rule, dealer._id, plan, BATCH_SIZE, env.sources)) {
    const built = await buildDispatches(rule, dealer, plan, members, env);
    const inserted = await insertManyUnique(
      CareDispatch,
      built.map((b) => storedDispatch(b.doc))
    );
    const fresh = built.filter((_, i) => inserted[i]);
    env.count('planned', fresh.length);
    for (const b of fresh) if (b.final) env.sender.finish(b.doc, b.final);
    const open = fresh.filter((b) => !b.final).map((b) => b.doc);
    await insertManyUnique(OpenDispatch, open.map(openRecord));
    const again = built.filter((_, i) => !inserted[i]).map((b) => b.doc._id);
    if (again.length) env.count('plannedBefore', again.length);
    const unfinished = again.length ? await unfinishedOf(again) : [];
    await deliver([...open, ...unfinished], env, new Set(open.map((d) => d._id)));
    env.advance(members.length);
  }
}

/**
 * Of dispatches planned before, those not finished: open ones, and any whose open record
 * was never written (a crash right after the dispatch insert), which are reopened here.
 */
export async function unfinishedOf(ids: readonly string[]): Promise<NewDispatch[]> {
  const [results, opens] = await Promise.all([
    DispatchResult.find({ _id: op.in(ids) }, { _id: 1 }).lean(),
    OpenDispatch.find({ _id: op.in(ids) }, { _id: 1 }).lean()
  ]);
  const done = new Set(results.map((r) => String(r._id)));
  const stale = opens.map((o) => String(o._id)).filter((id) => done.has(id));
  if (stale.length) await OpenDispatch.deleteMany({ _id: op.in(stale) });
  const todo = ids.filter((id) => !done.has(id));
  if (todo.length === 0) return [];
  const docs = (await CareDispatch.find({ _id: op.in(todo) }).lean<NewDispatch[]>()).map(loadedDispatch);
  const openIds = new Set(opens.map((o) => String(o._id)));
  const lost = docs.filter((d) => !openIds.has(d._id));
  if (lost.length) await insertManyUnique(OpenDispatch, lost.map(openRecord));
  return docs;
}
