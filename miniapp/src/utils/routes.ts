/** Every page path in one place (app.config.ts lists the same pages). */
export const ROUTES = {
  entry: '/pages/index/index',
  ownerHome: '/pages/home/index',
  login: '/pages/login/index',
  ownerBind: '/pages/owner/bind/index',
  ownerDealerships: '/pages/owner/dealerships/index',
  ownerVehicles: '/pages/owner/vehicles/index',
  ownerVehicle: '/pages/owner/vehicle/index',
  ownerProfile: '/pages/owner/profile/index',
  ownerNotices: '/pages/owner/notices/index',
  ownerNotice: '/pages/owner/notice/index',
  ownerBooking: '/pages/owner/booking/index',
  ownerBookings: '/pages/owner/bookings/index',
  ownerSurvey: '/pages/owner/survey/index',
  ownerComplaints: '/pages/owner/complaints/index',
  ownerComplaint: '/pages/owner/complaint/index',
  ownerComplaintNew: '/pages/owner/complaint-new/index',
  ownerPoints: '/pages/owner/points/index',
  ownerRewards: '/pages/owner/rewards/index',
  ownerVouchers: '/pages/owner/vouchers/index',
  ownerPayOrder: '/pages/owner/pay-order/index',
  ownerPayOrders: '/pages/owner/pay-orders/index',
  staffCustomers: '/pages/staff/customers/index',
  staffCustomer: '/pages/staff/customer/index',
  staffSegments: '/pages/staff/segments/index',
  staffSegment: '/pages/staff/segment/index',
  staffTasks: '/pages/staff/tasks/index',
  staffReminders: '/pages/staff/reminders/index',
  staffBookings: '/pages/staff/bookings/index',
  staffBookingNew: '/pages/staff/booking-new/index',
  staffCallbacks: '/pages/staff/callbacks/index',
  staffVoucherVerify: '/pages/staff/voucher-verify/index',
  insightKpis: '/pages/insight/kpis/index',
  insightReminders: '/pages/insight/reminders/index',
  careRules: '/pages/care/rules/index',
  careRule: '/pages/care/rule/index',
  carePreview: '/pages/care/preview/index',
  careDispatches: '/pages/care/dispatches/index',
  managerHome: '/pages/manager/index/index',
  managerImports: '/pages/manager/imports/index',
  managerAccounts: '/pages/manager/accounts/index',
  managerQrcodes: '/pages/manager/qrcodes/index',
  managerAccessLog: '/pages/manager/access-log/index',
  managerReassign: '/pages/manager/reassign/index',
  managerTiers: '/pages/manager/tiers/index',
  managerBookingSettings: '/pages/manager/booking-settings/index',
  managerDueSettings: '/pages/manager/due-settings/index',
  managerComplaints: '/pages/manager/complaints/index',
  managerComplaint: '/pages/manager/complaint/index',
  managerPoints: '/pages/manager/points/index',
  managerPointsAdjust: '/pages/manager/points-adjust/index',
  lotteryCampaigns: '/pages/lottery/campaigns/index',
  lotteryEdit: '/pages/lottery/edit/index',
  lotteryCampaign: '/pages/lottery/campaign/index',
  lotteryResults: '/pages/lottery/results/index',
  lotteryDraw: '/pages/lottery/draw/index',
  lotteryMyDraws: '/pages/lottery/my-draws/index',
  lotteryJoin: '/pages/lottery/join/index',
  lotteryRules: '/pages/lottery/rules/index',
  lotteryVerify: '/pages/lottery/verify/index',
  lotteryPickup: '/pages/lottery/pickup/index',
  managerPayOrders: '/pages/manager/pay-orders/index',
  managerPayReconciliation: '/pages/manager/pay-reconciliation/index',
  managerPaySettings: '/pages/manager/pay-settings/index'
} as const

export function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const parts = Object.keys(query)
    .filter((key) => query[key] !== undefined && query[key] !== '')
    .map((key) => `${key}=${encodeURIComponent(String(query[key]))}`)
  return parts.length ? `${path}?${parts.join('&')}` : path
}

export type LoginMode = 'owner' | 'staff'

export function loginUrl(mode?: LoginMode, redirect?: string): string {
  return withQuery(ROUTES.login, { mode, redirect })
}

/** Only our own pages may be redirect targets. */
export function safeRedirect(raw: string | undefined): string | null {
  if (!raw) return null
  let target = raw
  try {
    target = decodeURIComponent(raw)
  } catch {
    return null
  }
  return /^\/pages\/[a-z0-9\-/]+(\?.*)?$/i.test(target) ? target : null
}
