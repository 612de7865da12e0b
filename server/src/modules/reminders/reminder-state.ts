import type { ReminderState } from '@dealer/shared';
import { addDays, daysBetween } from '@dealer/shared/domain/dates';
import type { DueType } from '@dealer/shared/domain/due';

/**
 * The workbench state of one due event (docs/reminders.md "Workbench"), derived on every read
 * from the event, its reminder, the vehicle's bookings and its repair orders. Pure.
 */

export interface EventFacts {
  type: DueType;
  dueDate: string;
  remindFrom: string;
}

export interface BookingFact {
  day: string;
  status: string;
  serviceType: string;
}

export interface VisitFact {
  serviceDate: string;
  type: string;
  paid: boolean;
}

const MAINTENANCE: ReadonlySet<string> = new Set(['first_maintenance', 'regular_maintenance']);

/** Maintenance events count 首保/定保 visits and bookings only; the other types any (a last check, a visit). */
function rightKind(eventType: DueType, kind: string): boolean {
  return !MAINTENANCE.has(eventType) || MAINTENANCE.has(kind);
}

/** The last day a visit counts as the return for this event: the due day + the return window. */
export const windowEndOf = (e: EventFacts, returnWindowDays: number): string =>
  addDays(e.dueDate, returnWindowDays);

export interface StateInput {
  event: EventFacts;
  today: string;
  returnWindowDays: number;
  reminded: boolean;
  bookings: readonly BookingFact[];
  visits: readonly VisitFact[];
}

export function reminderStateOf(input: StateInput): ReminderState {
  const { event, today } = input;
  const windowEnd = windowEndOf(event, input.returnWindowDays);
  const inWindow = (day: string) => day >= event.remindFrom && day <= windowEnd;
  const returned = input.visits.some(
    (v) => v.paid && rightKind(event.type, v.type) && inWindow(v.serviceDate) && v.serviceDate <= today
  );
  if (returned) return 'returned';
  if (today > windowEnd) return 'lost';
  const bookings = input.bookings.filter((b) => rightKind(event.type, b.serviceType) && inWindow(b.day));
  if (bookings.some((b) => b.status === 'arrived' || b.status === 'served')) return 'arrived';
  if (bookings.some((b) => b.status === 'booked')) return 'booked';
  if (input.reminded) return 'reminded';
  return today > event.dueDate ? 'overdue' : 'due_soon';
}

/** The due status on `today` (the stored one is as of the last refresh). */
export function dueStatusOn(event: EventFacts, today: string): 'upcoming' | 'due_soon' | 'overdue' {
  if (today > event.dueDate) return 'overdue';
  return today >= event.remindFrom ? 'due_soon' : 'upcoming';
}

export const daysLeftOn = (event: EventFacts, today: string): number => daysBetween(today, event.dueDate);

/** What a booking for the event preselects, and what the message links to. */
export function bookingServiceTypeOf(type: DueType): 'first_maintenance' | 'regular_maintenance' | 'other' {
  return type === 'first_maintenance' || type === 'regular_maintenance' ? type : 'other';
}
