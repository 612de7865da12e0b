import type { CallOutcome, CallView, ReminderChannel, ReminderOutcome, WorkbenchItem } from '@dealer/shared';
import { DUE_STATUS_LABELS, DUE_TYPE_LABELS } from '@dealer/shared/domain/due';
import type { DueEventRecord } from '../due/due-event.model';
import type { ReminderCallDoc } from './reminder.model';
import type { StateFacts } from './reminder-facts';
import { bookingServiceTypeOf, daysLeftOn, dueStatusOn, reminderStateOf } from './reminder-state';

type Ref = { id: string; name: string };

export function presentCall(call: ReminderCallDoc & { _id: unknown }, staffName: string): CallView {
  return {
    id: String(call._id),
    dueEventId: call.dueEventId,
    outcome: call.outcome as CallOutcome,
    note: call.note ?? '',
    callBackOn: call.callBackOn ?? null,
    staff: { id: String(call.staffId), name: staffName },
    at: call.at.toISOString()
  };
}

/** 定期保养 · 已逾期; an ended warranty / 三包 reads 已结束 (as on the owner's home page). */
export function dueTitleOn(
  event: Pick<DueEventRecord, 'type' | 'dueDate' | 'remindFrom'>,
  today: string
): string {
  const status = dueStatusOn(event, today);
  const ending = event.type === 'warranty_end' || event.type === 'sanbao_end';
  return `${DUE_TYPE_LABELS[event.type]} · ${ending && status === 'overdue' ? '已结束' : DUE_STATUS_LABELS[status]}`;
}

export interface ItemContext {
  today: string;
  returnWindowDays: number;
  facts: StateFacts;
  advisor: Ref | null;
  owner: { bound: boolean; consentsLeft: number };
  lastCall: CallView | null;
  noShows: number;
}

export function presentWorkbenchItem(event: DueEventRecord, c: ItemContext): WorkbenchItem {
  const key = String(event.vehicleId);
  const reminder = c.facts.reminders.get(event._id) ?? null;
  return {
    dueEventId: event._id,
    dealershipId: String(event.dealershipId),
    customer: { id: String(event.customerId), name: event.customerName },
    vehicle: { id: key, plate: event.plate ?? null, title: event.vehicleTitle ?? '' },
    advisor: c.advisor,
    tier: event.tier ?? null,
    type: event.type,
    title: dueTitleOn(event, c.today),
    explanation: event.explanation,
    dueDate: event.dueDate,
    dueMileage: event.dueMileage ?? null,
    remindFrom: event.remindFrom,
    dueStatus: dueStatusOn(event, c.today),
    daysLeft: daysLeftOn(event, c.today),
    state: reminderStateOf({
      event,
      today: c.today,
      returnWindowDays: c.returnWindowDays,
      reminded: reminder !== null,
      bookings: c.facts.bookingsByVehicle.get(key) ?? [],
      visits: c.facts.visitsByVehicle.get(key) ?? []
    }),
    controlGroup: event.controlGroup,
    owner: c.owner,
    reminder: reminder && {
      at: reminder.sentAt.toISOString(),
      by: reminder.by as 'run' | 'staff',
      channel: reminder.channel as ReminderChannel | null,
      outcome: reminder.outcome as ReminderOutcome,
      errcode: reminder.errcode
    },
    lastCall: c.lastCall,
    noShows: c.noShows,
    bookingServiceType: bookingServiceTypeOf(event.type)
  };
}
