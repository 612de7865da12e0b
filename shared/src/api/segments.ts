import { z } from 'zod';
import { AGE_GROUPS, LIFECYCLES, SERVICE_STAGES, TIERS, VEHICLE_AGE_CLASSES } from './classes';
import { OCCUPATION_CLASSES, REGION_CLASSES, VEHICLE_USAGES, objectId, pageOf, pagination } from './common';

/**
 * Customer filters by classification, and saved segments (named filters, evaluated when
 * used). Lists within one key are "any of"; different keys must all hold. An empty list is
 * no restriction, so a form can send every key.
 */

type Values = readonly [string, ...string[]];
const anyOf = <T extends Values>(values: T) => z.array(z.enum(values)).max(values.length).optional();
const tagText = z.string().trim().min(1, '标签不能为空').max(20, '标签最多20字');

export const segmentFilter = z.strictObject({
  tier: anyOf(TIERS),
  lifecycle: anyOf(LIFECYCLES),
  vehicleAge: anyOf(VEHICLE_AGE_CLASSES),
  usage: anyOf(VEHICLE_USAGES),
  serviceStage: anyOf(SERVICE_STAGES),
  regionClass: anyOf(REGION_CLASSES),
  ageGroup: anyOf(AGE_GROUPS),
  occupationClass: anyOf(OCCUPATION_CLASSES),
  /** Customers carrying at least one of these tags. */
  tags: z.array(tagText).max(20, '标签最多20个').optional(),
  /** An advisor's id, or 'none' for unassigned customers. */
  advisorId: z.union([objectId, z.literal('none')]).optional(),
  /** Bound to a WeChat owner (true) or not (false). */
  bound: z.boolean().optional(),
  /** Agreed to marketing messages. */
  consentMarketing: z.boolean().optional()
});
export type SegmentFilter = z.infer<typeof segmentFilter>;

/** The same filter in a query string: `tier=A,B` or `tier=A&tier=B`, `bound=true`. */
const csv = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== '')
        : v,
    schema
  );
const queryBool = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Spread into a list query (GET /api/customers); advisorId and tag are the list's own. */
export const segmentFilterQueryShape = {
  tier: csv(anyOf(TIERS)),
  lifecycle: csv(anyOf(LIFECYCLES)),
  vehicleAge: csv(anyOf(VEHICLE_AGE_CLASSES)),
  usage: csv(anyOf(VEHICLE_USAGES)),
  serviceStage: csv(anyOf(SERVICE_STAGES)),
  regionClass: csv(anyOf(REGION_CLASSES)),
  ageGroup: csv(anyOf(AGE_GROUPS)),
  occupationClass: csv(anyOf(OCCUPATION_CLASSES)),
  bound: queryBool.optional(),
  consentMarketing: queryBool.optional()
};

const segmentName = z.string().trim().min(1, '请填写分群名称').max(30, '名称最多30字');
const segmentDescription = z.string().trim().max(200, '说明最多200字');

export const createSegmentRequest = z.strictObject({
  name: segmentName,
  description: segmentDescription.optional(),
  filter: segmentFilter,
  /** Group admins name the dealership; everyone else saves in their own. */
  dealershipId: objectId.optional()
});
export type CreateSegmentRequest = z.infer<typeof createSegmentRequest>;

export const updateSegmentRequest = z
  .strictObject({
    name: segmentName.optional(),
    description: segmentDescription.optional(),
    filter: segmentFilter.optional()
  })
  .refine((r) => r.name !== undefined || r.description !== undefined || r.filter !== undefined, {
    message: '没有要修改的内容'
  });
export type UpdateSegmentRequest = z.infer<typeof updateSegmentRequest>;

export const segmentView = z.object({
  id: objectId,
  dealershipId: objectId,
  name: z.string(),
  description: z.string(),
  filter: segmentFilter,
  createdBy: z.object({ id: objectId, name: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string()
});
export type SegmentView = z.infer<typeof segmentView>;

export const segmentListQuery = z.strictObject({ dealershipId: objectId.optional() });
export const segmentListResponse = z.object({ items: z.array(segmentView) });

/** A customer as an audience member: who, how to reach, and the classes that put them there. */
export const segmentCustomer = z.object({
  id: objectId,
  name: z.string(),
  mobileMasked: z.string().nullable(),
  tier: z.enum(TIERS).nullable(),
  lifecycle: z.enum(LIFECYCLES).nullable(),
  vehicleAge: z.enum(VEHICLE_AGE_CLASSES).nullable(),
  usage: z.enum(VEHICLE_USAGES).nullable(),
  serviceStage: z.enum(SERVICE_STAGES).nullable(),
  ageGroup: z.enum(AGE_GROUPS).nullable(),
  regionClass: z.enum(REGION_CLASSES).nullable(),
  occupationClass: z.enum(OCCUPATION_CLASSES).nullable(),
  tags: z.array(z.string()),
  advisor: z.object({ id: objectId, name: z.string() }).nullable(),
  bound: z.boolean(),
  consentMarketing: z.boolean()
});
export type SegmentCustomer = z.infer<typeof segmentCustomer>;

export const segmentCustomersQuery = z.strictObject({ ...pagination });
export const segmentCustomersResponse = pageOf(segmentCustomer);

export const segmentPreviewRequest = z.strictObject({
  filter: segmentFilter,
  dealershipId: objectId.optional()
});
export const segmentPreviewResponse = z.object({
  count: z.number().int(),
  /** The first few matches, to check the filter by eye. */
  sample: z.array(segmentCustomer)
});
