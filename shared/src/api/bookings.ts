import { z } from 'zod';
import { isIsoDate } from '../domain/dates';
import { BOOKING_CLOSED_REASONS, BOOKING_SERVICE_TYPES, BOOKING_STATUSES } from '../labels/bookings';
import { objectId, pageOf, pagination } from './common';

export * from '../labels/bookings';

export const bookingServiceType = z.enum(BOOKING_SERVICE_TYPES);
export const bookingStatus = z.enum(BOOKING_STATUSES);
export const bookingDay = z.string().refine(isIsoDate, { message: '日期格式应为 YYYY-MM-DD' });
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');
/** A block is named by its times, `0830-1000`, so a booking keeps meaning after settings change. */
export const blockId = z.string().regex(/^\d{4}-\d{4}$/, '时段编号格式应为 HHMM-HHMM');

export const bookingBlock = z.strictObject({ start: clockTime, end: clockTime });
export type BookingBlock = z.infer<typeof bookingBlock>;

const capacity = z.number().int().min(0).max(50);
export const bookingCapacity = z.strictObject({
  first_maintenance: capacity,
  regular_maintenance: capacity,
  repair: capacity,
  bodywork: capacity,
  other: capacity
});

const hours = z.number().int().min(0).max(168);

/** Blocks must run forwards and not overlap (sorted on save). */
const bookingBlocks = z
  .array(bookingBlock)
  .min(1)
  .max(12)
  .superRefine((blocks, issue) => {
    const sorted = [...blocks].sort((a, b) => (a.start < b.start ? -1 : 1));
    sorted.forEach((b, i) => {
      if (b.end <= b.start)
        issue.addIssue({ code: 'custom', message: `时段 ${b.start}-${b.end} 结束时间须晚于开始时间` });
      else if (i > 0 && b.start < sorted[i - 1].end)
        issue.addIssue({
          code: 'custom',
          message: `时段 ${b.start}-${b.end} 与 ${sorted[i - 1].start}-${sorted[i - 1].end} 重叠`
        });
    });
  });

/** A dealership's booking settings (GET / PATCH /api/dealerships/:id/booking-settings). */
export const bookingSettings = z.strictObject({
  /** Opening hours split into time blocks, Asia/Shanghai. */
  blocks: bookingBlocks,
  /** Bays per block for each service type; 0 means the type is not bookable online. */
  capacity: bookingCapacity,
  /** The dealership's own closed days. */
  closedDays: z
    .array(bookingDay)
    .max(366)
    .refine((d) => new Set(d).size === d.length, { message: '休息日不能重复' }),
  /** Closed on statutory public holidays (法定节假日) too. */
  closedOnPublicHolidays: z.boolean(),
  /** Earliest bookable block start = now + this many hours. */
  leadTimeHours: hours,
  /** Owners cannot reschedule or cancel later than this many hours before the block. */
  cutoffHours: hours,
  /** How far ahead a day may be booked. */
  maxDaysAhead: z.number().int().min(1).max(90),
  /** Open (not yet arrived) bookings allowed per vehicle and per customer. */
  maxOpenPerVehicle: z.number().int().min(1).max(5),
  maxOpenPerOwner: z.number().int().min(1).max(10)
});
export type BookingSettings = z.infer<typeof bookingSettings>;
/** Field-level writes: only the fields sent change. */
export const updateBookingSettingsRequest = bookingSettings
  .partial()
  .refine((p) => Object.keys(p).length > 0, { message: '至少修改一项设置' });

export const availabilityQuery = z.strictObject({
  dealershipId: objectId,
  serviceType: bookingServiceType,
  from: bookingDay.optional(),
  days: z.coerce.number().int().min(1).max(31).default(14)
});

export const availableBlock = z.object({
  blockId,
  start: clockTime,
  end: clockTime,
  capacity: z.number().int(),
  seatsLeft: z.number().int(),
  /** False for a block already started or inside the lead time. */
  bookable: z.boolean()
});
export const availableDay = z.object({
  day: bookingDay,
  closed: z.boolean(),
  closedReason: z.enum(BOOKING_CLOSED_REASONS).nullable(),
  closedLabel: z.string().nullable(),
  blocks: z.array(availableBlock)
});
export const availabilityResponse = z.object({
  serviceType: bookingServiceType,
  days: z.array(availableDay)
});
export type AvailabilityResponse = z.infer<typeof availabilityResponse>;

const mileageKm = z.number().int().min(0).max(2_000_000);
const note = z.string().trim().max(200);

const slotChoice = { serviceType: bookingServiceType, day: bookingDay, blockId };

/** The advisors an owner may choose when booking for one of their vehicles. */
export const bookingAdvisorsQuery = z.strictObject({ vehicleId: objectId });
export const bookingAdvisorList = z.object({
  items: z.array(z.object({ id: objectId, name: z.string() })),
  /** The vehicle owner's own advisor: booked when no advisor is named (null: the dealership assigns one). */
  ownAdvisorId: objectId.nullable()
});
export type BookingAdvisorList = z.infer<typeof bookingAdvisorList>;

export const ownerBookRequest = z.strictObject({
  vehicleId: objectId,
  ...slotChoice,
  /** Defaults to the customer's own advisor. */
  advisorId: objectId.optional(),
  mileageKm: mileageKm.optional(),
  note: note.optional()
});
export const staffBookRequest = ownerBookRequest.extend({ customerId: objectId });

/** Whose vehicle staff are about to book for (the booking page opened with a vehicle id only). */
export const bookingTarget = z.object({
  customer: z.object({ id: objectId, name: z.string() }),
  vehicle: z.object({ id: objectId, plate: z.string().nullable(), title: z.string() }),
  /** The customer's own advisor (the booking's default), if any. */
  advisor: z.object({ id: objectId, name: z.string() }).nullable()
});

export const rescheduleBookingRequest = z.strictObject({ day: bookingDay, blockId });
export const cancelBookingRequest = z.strictObject({
  reason: z.string().trim().min(1, '请填写取消原因').max(200)
});
export const checkInRequest = z.strictObject({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z2-9]{8}$/, '到店码为8位字母或数字'),
  /** A group admin names the dealership. */
  dealershipId: objectId.optional()
});

export const bookingView = z.object({
  id: objectId,
  dealership: z.object({ id: objectId, name: z.string() }),
  vehicle: z.object({ id: objectId, plate: z.string().nullable(), title: z.string() }),
  customer: z.object({ id: objectId, name: z.string() }),
  advisor: z.object({ id: objectId, name: z.string() }).nullable(),
  serviceType: bookingServiceType,
  serviceTypeLabel: z.string(),
  day: bookingDay,
  blockId,
  start: clockTime,
  end: clockTime,
  status: bookingStatus,
  statusLabel: z.string(),
  /** Shown to the owner only: staff type it in at arrival (POST /api/bookings/check-in). */
  checkInCode: z.string().nullable(),
  note: z.string(),
  mileage: z.object({ km: z.number().int(), date: bookingDay }).nullable(),
  cancelReason: z.string().nullable(),
  bookedBy: z.enum(['owner', 'staff']),
  createdAt: z.string(),
  /** For staff: how many bookings this customer failed to show up for. */
  customerNoShows: z.number().int().optional()
});
export type BookingView = z.infer<typeof bookingView>;

export const ownerBookingList = z.object({ items: z.array(bookingView) });
export const staffBookingListQuery = z.strictObject({
  dealershipId: objectId.optional(),
  day: bookingDay.optional(),
  status: bookingStatus.optional(),
  ...pagination
});
export const staffTodayQuery = z.strictObject({ dealershipId: objectId.optional() });
export const staffBookingList = pageOf(bookingView);
