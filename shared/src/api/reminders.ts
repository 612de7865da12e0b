import { z } from 'zod';
import { TIERS } from '../domain/tiers/settings';
import { CALL_OUTCOMES, REMINDER_CHANNELS, REMINDER_OUTCOMES, REMINDER_STATES } from '../labels/reminders';
import { isoDate, objectId, pageOf, pagination } from './common';
import { dueStatus, dueType } from './due';

export * from '../labels/reminders';

/**
 * Service reminders (docs/reminders.md "Workbench"): the advisor's workbench, pushing a
 * reminder, logging a call. A due event is named by its id `<vehicleId>:<type>:<occurrence>`.
 */
export const reminderState = z.enum(REMINDER_STATES);
export const callOutcome = z.enum(CALL_OUTCOMES);
export const reminderChannel = z.enum(REMINDER_CHANNELS);
export const reminderOutcome = z.enum(REMINDER_OUTCOMES);

/** `<vehicleId>:<type>:<occurrence>` (occurrence: a calendar day). */
export const dueEventId = z
  .string()
  .max(80)
  .regex(/^[0-9a-f]{24}:[a-z_]{2,30}:\d{4}-\d{2}-\d{2}$/, '无效的到期事项编号');
export const dueEventParams = z.strictObject({ dueEventId });

export const workbenchQuery = z.strictObject({
  type: dueType.optional(),
  state: reminderState.optional(),
  /** Managers: one advisor's customers (an advisor always sees only their own). */
  advisorId: objectId.optional(),
  /** Group admins name the dealership. */
  dealershipId: objectId.optional(),
  ...pagination
});
export type WorkbenchQuery = z.infer<typeof workbenchQuery>;

export const reminderSummary = z.object({
  at: z.string(),
  by: z.enum(['run', 'staff']),
  channel: reminderChannel.nullable(),
  outcome: reminderOutcome,
  errcode: z.number().int().nullable()
});

export const callView = z.object({
  id: objectId,
  dueEventId: z.string(),
  outcome: callOutcome,
  note: z.string(),
  callBackOn: z.string().nullable(),
  staff: z.object({ id: objectId, name: z.string() }),
  at: z.string()
});
export type CallView = z.infer<typeof callView>;

export const workbenchItem = z.object({
  dueEventId: z.string(),
  dealershipId: objectId,
  customer: z.object({ id: objectId, name: z.string() }),
  vehicle: z.object({ id: objectId, plate: z.string().nullable(), title: z.string() }),
  advisor: z.object({ id: objectId, name: z.string() }).nullable(),
  tier: z.enum(TIERS).nullable(),
  type: dueType,
  /** e.g. 定期保养 · 已逾期 */
  title: z.string(),
  explanation: z.string(),
  dueDate: z.string(),
  dueMileage: z.number().nullable(),
  remindFrom: z.string(),
  dueStatus,
  daysLeft: z.number().int(),
  state: reminderState,
  /** Control-group vehicles never get a reminder (对照组). */
  controlGroup: z.boolean(),
  /** The owner bound WeChat, and their unspent subscribe consents for the reminder template. */
  owner: z.object({ bound: z.boolean(), consentsLeft: z.number().int() }),
  reminder: reminderSummary.nullable(),
  lastCall: callView.nullable(),
  /** The customer's no-shows on bookings, ever. */
  noShows: z.number().int(),
  /** What a booking for this event preselects (代客预约 and the message link). */
  bookingServiceType: z.enum(['first_maintenance', 'regular_maintenance', 'other'])
});
export type WorkbenchItem = z.infer<typeof workbenchItem>;

export const workbenchResponse = pageOf(workbenchItem).extend({ today: isoDate });
export type WorkbenchResponse = z.infer<typeof workbenchResponse>;

/** What pushing a reminder did. */
export const remindResponse = z.object({
  dueEventId: z.string(),
  channel: reminderChannel.nullable(),
  outcome: reminderOutcome,
  errcode: z.number().int().nullable(),
  /** A Chinese sentence for the advisor, e.g. 已推送微信消息. */
  message: z.string()
});
export type RemindResponse = z.infer<typeof remindResponse>;

export const logCallRequest = z
  .strictObject({
    outcome: callOutcome,
    note: z.string().trim().max(500, '备注最多500字').default(''),
    /** Required for call_back, refused otherwise. */
    callBackOn: isoDate.optional()
  })
  .superRefine((v, ctx) => {
    if (v.outcome === 'call_back' && !v.callBackOn)
      ctx.addIssue({ code: 'custom', path: ['callBackOn'], message: '稍后回电需填写回电日期' });
    if (v.outcome !== 'call_back' && v.callBackOn)
      ctx.addIssue({ code: 'custom', path: ['callBackOn'], message: '只有稍后回电可填写回电日期' });
  });
export type LogCallRequest = z.infer<typeof logCallRequest>;

export const callListResponse = z.object({ items: z.array(callView) });
