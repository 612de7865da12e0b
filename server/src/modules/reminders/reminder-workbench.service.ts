import type { Types } from 'mongoose';
import type { WorkbenchQuery, WorkbenchResponse } from '@dealer/shared';
import { addDays } from '@dealer/shared/domain/dates';
import type { StaffAuth } from '../../http/auth-context';
import { clock, shanghaiDate } from '../../lib/clock';
import { op } from '../../lib/query';
import { Booking } from '../bookings/booking.model';
import { Customer } from '../customers/customer.model';
import { refOf, staffNames } from '../customers/customer.present';
import { loadSettings } from '../dealerships/dealership.service';
import { DueEvent, type DueEventRecord } from '../due/due-event.model';
import { remainingForOwners } from '../subscriptions/subscription.service';
import { loadStateFacts, type StateFacts } from './reminder-facts';
import { reminderTemplateOf } from './reminder-message';
import { presentCall, presentWorkbenchItem } from './reminder.present';
import { ReminderCall } from './reminder.model';
import { dueEventScope } from './reminder.scope';
import { reminderStateOf } from './reminder-state';

/**
 * The advisor's workbench (docs/reminders.md "Workbench"): the due events in the caller's
 * scope whose reminder window has opened, A/B tiers first, then by due day. Without a state
 * filter only the page's events are looked at in detail; a state filter derives the state of
 * every candidate first (batched reads).
 */

type Candidate = Pick<
  DueEventRecord,
  '_id' | 'dealershipId' | 'tier' | 'dueDate' | 'remindFrom' | 'vehicleId' | 'type'
>;
const CANDIDATE_FIELDS = {
  _id: 1,
  dealershipId: 1,
  tier: 1,
  dueDate: 1,
  remindFrom: 1,
  vehicleId: 1,
  type: 1
};

const tierRank = (tier: string | null | undefined) => (tier === 'A' ? 0 : tier === 'B' ? 1 : 2);
const byPriority = (a: Candidate, b: Candidate) =>
  tierRank(a.tier) - tierRank(b.tier) || a.dueDate.localeCompare(b.dueDate) || a._id.localeCompare(b._id);

function stateIn(facts: StateFacts, today: string, returnWindowDays: number) {
  return (e: Candidate) =>
    reminderStateOf({
      event: e,
      today,
      returnWindowDays,
      reminded: facts.reminders.has(e._id),
      bookings: facts.bookingsByVehicle.get(String(e.vehicleId)) ?? [],
      visits: facts.visitsByVehicle.get(String(e.vehicleId)) ?? []
    });
}

export async function workbench(auth: StaffAuth, q: WorkbenchQuery): Promise<WorkbenchResponse> {
  const scope = dueEventScope(auth, { dealershipId: q.dealershipId, advisorId: q.advisorId });
  const today = shanghaiDate(clock.now());
  const { kpis } = await loadSettings(scope.dealershipId as Types.ObjectId);
  const windowDays = kpis.returnWindowDays;
  // One advisor's events: filter by advisor only, so the database takes the advisor index
  // (FerretDB may pick the far larger dealership index when both fields are named); the
  // dealership is checked on the rows instead.
  const byAdvisor = scope.advisorId !== undefined;
  const base = {
    ...(byAdvisor ? { advisorId: scope.advisorId } : { dealershipId: scope.dealershipId }),
    ...(q.type ? { type: q.type } : {}),
    remindFrom: op.lte(today)
  };
  const inDealership = (e: Candidate) => String(e.dealershipId) === String(scope.dealershipId);
  const [open, replaced] = (
    await Promise.all([
      DueEvent.find({ ...base, current: true }, CANDIDATE_FIELDS).lean<Candidate[]>(),
      // Replaced events (serviced, renewed) stay on the list while their return window is open, as 已回厂.
      DueEvent.find(
        { ...base, current: false, dueDate: op.gte(addDays(today, -windowDays)) },
        CANDIDATE_FIELDS
      ).lean<Candidate[]>()
    ])
  ).map((rows) => rows.filter(inDealership));
  const replacedFacts = await loadStateFacts(replaced);
  const returned = replaced.filter((e) => stateIn(replacedFacts, today, windowDays)(e) === 'returned');
  let candidates = [...open, ...returned];
  if (q.state) {
    const state = stateIn(await loadStateFacts(candidates), today, windowDays);
    candidates = candidates.filter((e) => state(e) === q.state);
  }
  candidates.sort(byPriority);
  const page = candidates.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
  return {
    items: await presentPage(
      page.map((e) => e._id),
      today,
      windowDays,
      String(scope.dealershipId)
    ),
    total: candidates.length,
    page: q.page,
    pageSize: q.pageSize,
    today
  };
}

async function presentPage(ids: string[], today: string, returnWindowDays: number, dealershipId: string) {
  if (ids.length === 0) return [];
  const events = await DueEvent.find({ _id: op.in(ids) }).lean<DueEventRecord[]>();
  const order = new Map(ids.map((id, i) => [id, i]));
  events.sort((a, b) => (order.get(a._id) ?? 0) - (order.get(b._id) ?? 0));
  const customerIds = [...new Set(events.map((e) => String(e.customerId)))];
  const [facts, customers, calls, noShows, template] = await Promise.all([
    loadStateFacts(events),
    Customer.find({ _id: op.in(events.map((e) => e.customerId)) }, { ownerId: 1 }).lean(),
    ReminderCall.find({ dueEventId: op.in(ids) })
      .sort({ at: -1, _id: -1 })
      .lean(),
    Booking.find(
      { customerId: op.in(events.map((e) => e.customerId)), status: 'no_show' },
      { customerId: 1 }
    ).lean(),
    reminderTemplateOf(dealershipId)
  ]);
  const ownerOf = new Map(customers.map((c) => [String(c._id), c.ownerId ?? null]));
  const owners = [...ownerOf.values()].filter((o): o is Types.ObjectId => o !== null);
  const consents = await remainingForOwners(owners, template ? [template.templateId] : []);
  const lastCall = new Map<string, (typeof calls)[number]>();
  for (const c of calls) if (!lastCall.has(c.dueEventId)) lastCall.set(c.dueEventId, c);
  const names = await staffNames([...events.map((e) => e.advisorId), ...calls.map((c) => c.staffId)]);
  const noShowCount = new Map(customerIds.map((id) => [id, 0]));
  for (const b of noShows)
    noShowCount.set(String(b.customerId), (noShowCount.get(String(b.customerId)) ?? 0) + 1);
  return events.map((event) => {
    const ownerId = ownerOf.get(String(event.customerId)) ?? null;
    const call = lastCall.get(event._id);
    return presentWorkbenchItem(event, {
      today,
      returnWindowDays,
      facts,
      advisor: refOf(event.advisorId, names),
      owner: {
        bound: ownerId !== null,
        consentsLeft: ownerId && template ? consents(ownerId, template.templateId) : 0
      },
      lastCall: call ? presentCall(call, names.get(String(call.staffId)) ?? '') : null,
      noShows: noShowCount.get(String(event.customerId)) ?? 0
    });
  });
}
