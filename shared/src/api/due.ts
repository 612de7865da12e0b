import { z } from 'zod';
import { DUE_TYPES, dueSettings } from '../domain/due/settings';
import { dealershipSettings } from './dealerships';
import { objectId } from './common';

/**
 * Due events as people see them (docs/reminders.md). The owner's home page reads
 * GET /api/owner/due; the sentence and title come from the due engine (explainDueZh,
 * dueTitleZh), so the home page, the messages and the workbench say the same thing.
 */
export const dueType = z.enum(DUE_TYPES);
export const dueStatus = z.enum(['upcoming', 'due_soon', 'overdue']);

export const dueEventView = z.strictObject({
  type: dueType,
  /** e.g. 定期保养 · 即将到期 */
  title: z.string(),
  /** e.g. 约 2027-01-20 或 45,000 公里，按您近期每天约 38 公里推算 */
  explanation: z.string(),
  dueDate: z.string(),
  dueMileage: z.number().nullable(),
  status: dueStatus,
  daysLeft: z.number().int(),
  /** Which service type the booking page should preselect (null: not a workshop visit). */
  bookingServiceType: z.enum(['first_maintenance', 'regular_maintenance']).nullable()
});
export type DueEventView = z.infer<typeof dueEventView>;

export const ownerVehicleDue = z.strictObject({
  vehicleId: objectId,
  dealershipId: objectId,
  plate: z.string().nullable(),
  title: z.string(),
  /** Latest reading and today's estimate; null without any dated reading. */
  odometer: z.strictObject({ km: z.number(), date: z.string(), estimatedTodayKm: z.number() }).nullable(),
  /** Earliest first. */
  events: z.array(dueEventView)
});
export const ownerDueResponse = z.strictObject({ vehicles: z.array(ownerVehicleDue) });
export type OwnerDueResponse = z.infer<typeof ownerDueResponse>;

/**
 * A dealership's due settings (GET / PUT /api/dealerships/:id/due-settings): the due engine's
 * settings plus the control group. The maintenance intervals, warranty and 三包 terms are the
 * dealership settings' own (one value for the archive's coverage and the due engine), so they
 * keep those narrower bounds here.
 */
export const dealershipDueSettings = dueSettings.extend({
  firstMaintenance: dealershipSettings.shape.firstMaintenance,
  regularMaintenance: dealershipSettings.shape.regularMaintenance,
  warranty: dealershipSettings.shape.warranty,
  sanbao: dealershipSettings.shape.sanbao,
  /** Share (%) of due vehicles that get no reminders, to measure what reminders change. */
  controlGroupPercent: z.number().int().min(0).max(50).default(10)
});
export type DealershipDueSettings = z.infer<typeof dealershipDueSettings>;
/** PUT replaces the whole settings; a field left out takes its default. */
export const updateDueSettingsRequest = dealershipDueSettings;
