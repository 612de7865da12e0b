/**
 * Vehicle-claim review: a claim on a vehicle of someone else's archive waits for the
 * archive's owner, advisor or a manager. Statuses and their Chinese labels, zod-free so the
 * mini-program can bundle them (see labels/classes.ts).
 */
export const CLAIM_REQUEST_STATUSES = ['pending', 'approved', 'declined', 'superseded', 'withdrawn'] as const;
export type ClaimRequestStatus = (typeof CLAIM_REQUEST_STATUSES)[number];

/** What the claimant reads next to the plate. */
export const CLAIM_REQUEST_STATUS_LABELS: Record<ClaimRequestStatus, string> = {
  pending: '等待门店确认',
  approved: '已确认',
  declined: '认领未通过',
  superseded: '认领未通过',
  withdrawn: '申请已失效'
};

/** The longer explanation the claimant sees under a refused or lapsed request. */
export const CLAIM_REQUEST_STATUS_MESSAGES: Record<ClaimRequestStatus, string> = {
  pending: '该车辆登记在其他车主名下，需车主本人或门店确认后才能查看车辆档案。',
  approved: '门店已确认，车辆已加入您的车辆列表。',
  declined: '车主或门店未同意您的认领申请，您无法查看该车辆的档案。如有疑问请联系门店。',
  superseded: '该车辆已由其他车主认领，您的申请未通过。如有疑问请联系门店。',
  withdrawn: '您已解绑该门店，认领申请已失效。'
};

export const CLAIM_DECISIONS = ['approve', 'decline'] as const;
export type ClaimDecision = (typeof CLAIM_DECISIONS)[number];
