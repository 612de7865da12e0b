/**
 * Maintenance bookings: the service types a customer books a bay for, the booking states and
 * their Chinese labels. Zod-free so the mini-program can bundle them (see labels/classes.ts).
 */
export const BOOKING_SERVICE_TYPES = [
  'first_maintenance',
  'regular_maintenance',
  'repair',
  'bodywork',
  'other'
] as const;
export type BookingServiceType = (typeof BOOKING_SERVICE_TYPES)[number];

export const BOOKING_SERVICE_TYPE_LABELS: Record<BookingServiceType, string> = {
  first_maintenance: '首保',
  regular_maintenance: '定保',
  repair: '维修',
  bodywork: '钣喷',
  other: '其他'
};

/** booked → arrived → served; or cancelled (owner / staff, with a reason) or no_show. */
export const BOOKING_STATUSES = ['booked', 'arrived', 'served', 'cancelled', 'no_show'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export const BOOKING_STATUS_LABELS: Record<BookingStatus, string> = {
  booked: '已预约',
  arrived: '已到店',
  served: '已完工',
  cancelled: '已取消',
  no_show: '未到店'
};

/** Why a day takes no bookings. */
export const BOOKING_CLOSED_REASONS = ['dealership_closed', 'public_holiday'] as const;
export type BookingClosedReason = (typeof BOOKING_CLOSED_REASONS)[number];
