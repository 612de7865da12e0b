/**
 * The mini-program keeps its own copies of the label tables (the originals sit next to zod
 * schemas it must not bundle); they must match the shared ones.
 */
import * as shared from '@dealer/shared'
import * as local from '../../miniapp/src/utils/labels'

describe('label copies match @dealer/shared', () => {
  it.each([
    ['TIER_KEY_LABELS', local.TIER_KEY_LABELS, shared.TIER_KEY_LABELS],
    ['LIFECYCLE_LABELS', local.LIFECYCLE_LABELS, shared.LIFECYCLE_LABELS],
    ['VEHICLE_AGE_LABELS', local.VEHICLE_AGE_LABELS, shared.VEHICLE_AGE_LABELS],
    ['SERVICE_STAGE_LABELS', local.SERVICE_STAGE_LABELS, shared.SERVICE_STAGE_LABELS],
    ['AGE_GROUP_LABELS', local.AGE_GROUP_LABELS, shared.AGE_GROUP_LABELS],
    ['FESTIVAL_LABELS', local.FESTIVAL_LABELS, shared.FESTIVAL_LABELS],
    ['OCCASION_LABELS', local.OCCASION_LABELS, shared.OCCASION_LABELS],
    ['TASK_KIND_LABELS', local.TASK_KIND_LABELS, shared.TASK_KIND_LABELS],
    ['DISPATCH_STATUS_LABELS', local.DISPATCH_STATUS_LABELS, shared.DISPATCH_STATUS_LABELS],
    ['DISPATCH_REASON_LABELS', local.DISPATCH_REASON_LABELS, shared.DISPATCH_REASON_LABELS],
    ['REGION_CLASS_LABELS', local.REGION_CLASS_LABELS, shared.REGION_CLASS_LABELS],
    ['OCCUPATION_CLASS_LABELS', local.OCCUPATION_CLASS_LABELS, shared.OCCUPATION_CLASS_LABELS]
  ])('%s', (_name, mine, theirs) => {
    expect(mine).toEqual(theirs)
  })

  it('lists the same enum values', () => {
    expect(local.TIERS).toEqual(shared.TIERS)
    expect(local.LIFECYCLES).toEqual(shared.LIFECYCLES)
    expect(local.VEHICLE_AGE_CLASSES).toEqual(shared.VEHICLE_AGE_CLASSES)
    expect(local.SERVICE_STAGES).toEqual(shared.SERVICE_STAGES)
    expect(local.AGE_GROUPS).toEqual(shared.AGE_GROUPS)
    expect(local.FESTIVAL_KEYS).toEqual(shared.FESTIVAL_KEYS)
    expect(local.OCCASION_KINDS).toEqual(shared.OCCASION_KINDS)
    expect(local.TASK_KINDS).toEqual(shared.TASK_KINDS)
    expect(local.DISPATCH_STATUSES).toEqual(shared.DISPATCH_STATUSES)
    expect(local.CARE_PLACEHOLDERS).toEqual(shared.CARE_PLACEHOLDERS)
  })
})
