import { z } from 'zod';
import {
  CARE_PLACEHOLDERS,
  DISPATCH_STATUSES,
  FESTIVAL_KEYS,
  OCCASION_KINDS,
  TASK_KINDS,
  CARE_TASK_KINDS
} from '../labels/care';
import { CONTACT_CHANNELS } from '../labels/customers';
import { isoDate, objectId, pageOf, pagination } from './common';
import { tier } from './classes';

/**
 * Care engine (docs/domain.md "Care plans and reminders"): rules, subscribe-message templates, the
 * dispatch log, preview, owner subscriptions and advisor tasks. The enums and their labels
 * (festival keys, occasions, task kinds, dispatch statuses) are zod-free in labels/care.ts.
 */
export * from '../labels/care';

/** `birthday`, `festival:<key>`, `purchase_anniversary`, … */
export const occasion = z
  .string()
  .refine(
    (v) =>
      ((OCCASION_KINDS as readonly string[]).includes(v) && v !== 'festival') ||
      (v.startsWith('festival:') && (FESTIVAL_KEYS as readonly string[]).includes(v.slice(9))),
    { message: '未知的关怀时机' }
  );

/** A rule's texts may use only the CARE_PLACEHOLDERS. */
const placeholdersKnown = (text: string) =>
  [...text.matchAll(/\{([^{}]*)\}/g)].every((m) => (CARE_PLACEHOLDERS as readonly string[]).includes(m[1]));
const templateText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, '不能为空')
    .max(max)
    .refine(placeholdersKnown, {
      message: `只能使用占位符 ${CARE_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`
    });

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, '时间格式应为 HH:MM');
export const sendWindow = z
  .strictObject({ start: clockTime, end: clockTime })
  .refine((w) => w.start !== w.end, { message: '发送时段的开始和结束不能相同' })
  .refine((w) => w.start !== '24:00', { message: '开始时间不能是 24:00' });

const keywordKey = z.string().regex(/^[a-z_]+\d+$/, '关键词应形如 thing1、date2');

export const careChannel = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('subscribe'),
    templateId: z.string().trim().min(1).max(64),
    page: z.string().trim().max(200).regex(/^[^/]/, '页面路径不以 / 开头').nullable().optional(),
    /** keyword -> value template, e.g. {thing1: '{name}，生日快乐'} */
    data: z.record(keywordKey, templateText(100))
  }),
  z.strictObject({ kind: z.literal('inbox') }),
  z.strictObject({ kind: z.literal('advisor_task'), task: z.enum(CARE_TASK_KINDS) })
]);
export type CareChannel = z.infer<typeof careChannel>;

export const careAudience = z.strictObject({
  /** Empty: every tier. */
  tiers: z
    .array(tier)
    .max(4)
    .transform((t) => [...new Set(t)]),
  /** Customers not tiered yet (new dealership, no paid visits). */
  includeUntiered: z.boolean(),
  segmentId: objectId.nullable(),
  /** Marketing consent needed for a WeChat message (without it: inbox only). */
  consentRequired: z.boolean()
});

const ruleFields = {
  name: z.string().trim().min(1).max(30),
  plan: z.enum(['key', 'routine', 'all']),
  occasion,
  audience: careAudience,
  channel: careChannel,
  message: z.strictObject({ title: templateText(30), body: templateText(300) }),
  leadDays: z.number().int().min(0).max(60),
  sendWindow,
  /** tier_touchpoint: every N months from January (3 = quarterly). */
  everyMonths: z.number().int().min(1).max(12),
  enabled: z.boolean()
};
export const createCareRuleRequest = z.strictObject({
  ...ruleFields,
  plan: ruleFields.plan.default('all'),
  leadDays: ruleFields.leadDays.default(0),
  sendWindow: sendWindow.default({ start: '09:00', end: '21:00' }),
  everyMonths: ruleFields.everyMonths.default(3),
  enabled: ruleFields.enabled.default(true)
});
export const updateCareRuleRequest = z.strictObject(ruleFields).partial();
export type CreateCareRule = z.infer<typeof createCareRuleRequest>;
export const careRuleView = z.object({
  id: objectId,
  ...ruleFields,
  isDefault: z.boolean(),
  updatedAt: z.string()
});
export type CareRuleView = z.infer<typeof careRuleView>;
export const careRuleList = z.object({ items: z.array(careRuleView) });

/** A subscribe-message template the dealership uses (ids come from the WeChat admin console). */
export const careTemplate = z.strictObject({
  key: z.string().regex(/^[a-z_]{2,20}$/),
  templateId: z.string().trim().min(1).max(64),
  title: z.string().trim().min(1).max(30),
  keywords: z.array(keywordKey).min(1).max(10)
});
export type CareTemplate = z.infer<typeof careTemplate>;
export const careTemplates = z.strictObject({ templates: z.array(careTemplate).max(20) });

/** Defaults for a new dealership; a manager replaces the ids with the console's. */
export const DEFAULT_CARE_TEMPLATES: readonly CareTemplate[] = [
  { key: 'birthday', templateId: 'TPL_BIRTHDAY', title: '生日祝福', keywords: ['thing1', 'date2', 'thing3'] },
  { key: 'festival', templateId: 'TPL_FESTIVAL', title: '节日问候', keywords: ['thing1', 'date2', 'thing3'] },
  { key: 'care', templateId: 'TPL_CARE', title: '关怀提醒', keywords: ['thing1', 'date2', 'thing3'] }
];

export const carePreviewRequest = z.strictObject({ date: isoDate });
export const carePreviewItem = z.object({
  ruleId: objectId,
  ruleName: z.string(),
  customerId: objectId,
  customerName: z.string(),
  occasionDate: z.string(),
  channel: z.enum(['subscribe', 'inbox', 'advisor_task']),
  outcome: z.enum(['wechat', 'inbox_only', 'task', 'skipped', 'already_done']),
  reason: z.string().nullable(),
  sendAt: z.string().nullable()
});
export const carePreviewResponse = z.object({
  date: z.string(),
  rules: z.array(
    z.object({
      ruleId: objectId,
      name: z.string(),
      occasion: z.string(),
      occasionDate: z.string().nullable(),
      total: z.number().int(),
      outcomes: z.record(z.string(), z.number().int())
    })
  ),
  items: z.array(carePreviewItem),
  truncated: z.boolean()
});

export const dispatchListQuery = z.strictObject({
  date: isoDate.optional(),
  status: z.enum(DISPATCH_STATUSES).optional(),
  dealershipId: objectId.optional(),
  ...pagination
});
export const dispatchView = z.object({
  id: z.string(),
  /** Null for a one-off message (a booking confirmation or reminder), named by its title. */
  ruleId: objectId.nullable(),
  ruleName: z.string(),
  customer: z.object({ id: objectId, name: z.string() }),
  occasion: z.string(),
  occasionDate: z.string(),
  runDate: z.string(),
  channel: z.string(),
  status: z.enum(DISPATCH_STATUSES),
  reason: z.string().nullable(),
  errcode: z.number().int().nullable(),
  errmsg: z.string().nullable(),
  attempts: z.number().int(),
  sendAt: z.string(),
  sentAt: z.string().nullable()
});
export const dispatchListResponse = pageOf(dispatchView);

/** What requestSubscribeMessage answered, per template id (≤ 3 per call). */
export const subscriptionReport = z.strictObject({
  results: z
    .record(z.string().min(1).max(64), z.enum(['accept', 'reject', 'ban', 'filter']))
    .refine((r) => Object.keys(r).length >= 1 && Object.keys(r).length <= 3, { message: '每次最多3个模板' }),
  /** Makes a retried report count once. */
  requestId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/)
    .optional()
});
export const subscriptionStatus = z.object({
  templates: z.array(z.object({ templateId: z.string(), title: z.string(), remaining: z.number().int() }))
});

export const TASK_STATUSES = ['open', 'done'] as const;
export const taskListQuery = z.strictObject({
  status: z.enum(TASK_STATUSES).default('open'),
  dealershipId: objectId.optional(),
  ...pagination
});
export const taskView = z.object({
  id: objectId,
  kind: z.enum(TASK_KINDS),
  title: z.string(),
  note: z.string(),
  customer: z.object({ id: objectId, name: z.string() }),
  advisorId: objectId.nullable(),
  occasionDate: z.string(),
  dueDate: z.string(),
  status: z.enum(TASK_STATUSES),
  outcome: z.string().nullable(),
  doneAt: z.string().nullable(),
  createdAt: z.string()
});
export const taskListResponse = pageOf(taskView);
export const completeTaskRequest = z.strictObject({
  outcome: z.string().trim().min(1, '不能为空').max(200),
  note: z.string().trim().max(1000).optional(),
  channel: z.enum(CONTACT_CHANNELS)
});
