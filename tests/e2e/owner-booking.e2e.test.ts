import type { Page } from 'playwright-core';
import { Booking } from '../../server/src/modules/bookings/booking.model';
import { notifyOwner } from '../../server/src/modules/notices/notice.service';
import { ownerOf, setupDealership, TOMORROW, useBookingClock } from '../server/bookings-support';
import { asOwner, shown, useE2E } from './session';

/**
 * The owner's side of bookings in the browser: a reminder in the inbox opens the booking page
 * with the service type preselected; the owner books, finds the booking with its check-in code
 * in 我的预约, moves it, and cancels it. Server clock: Monday 2026-12-07 08:00 (Shanghai).
 */
const e2e = useE2E();
useBookingClock();

const text = async (page: Page, hook: string) => (await page.textContent(shown(hook)))?.trim() ?? '';
const appear = (page: Page, hook: string) => page.waitForSelector(shown(hook), { timeout: 60_000 });

test('the owner books from a reminder, sees the booking with its check-in code, reschedules and cancels it', async () => {
  const s = await setupDealership();
  const owner = await ownerOf(e2e.app, s);
  const vehicleId = String(s.vehicle._id);
  await notifyOwner({
    ownerId: owner.ownerId,
    dealershipId: s.dealership._id,
    kind: 'due_reminder',
    title: '定期保养提醒',
    body: '您的爱车即将到定期保养时间，点击预约到店。',
    page: `/pages/owner/booking/index?vehicleId=${vehicleId}&serviceType=regular_maintenance`,
    dedupeKey: `e2e-booking-${owner.ownerId}`
  });

  const page = await e2e.newPage({ viewport: 'phone', as: asOwner(owner.ownerId, owner.token) });
  await page.goto(e2e.url('/#/pages/owner/notices/index'));
  await appear(page, '.e2e-notice-item');
  await page.click(shown('.e2e-notice-item'));
  await appear(page, '.e2e-notice-link');
  expect(await text(page, '.e2e-notice-link')).toBe('立即预约');
  await page.click(shown('.e2e-notice-link'));

  // The booking page: the reminder's service type chosen, the owner's own advisor by default.
  await appear(page, '.e2e-page-owner-booking .e2e-booking-slot-day-2026-12-07');
  expect(await page.$(shown('.e2e-booking-type-regular_maintenance.chip--active'))).not.toBeNull();
  await appear(page, '.e2e-booking-advisor .chip--active');
  expect(await text(page, '.e2e-booking-advisor .chip--active')).toBe('王顾问（我的顾问）');
  // Subscribe messages are offered on a page opened from a reminder.
  await appear(page, '.e2e-booking-subscribe');
  // Today 08:00 with 2 h lead time: the 08:30 block cannot be chosen, 10:00 can.
  expect(await text(page, '.e2e-booking-slot-block-0830-1000')).toContain('不可预约');
  expect(await text(page, '.e2e-booking-slot-block-1000-1130')).toContain('剩余 3 个');

  await page.click(shown(`.e2e-booking-slot-day-${TOMORROW}`));
  await page.click(shown('.e2e-booking-slot-block-0830-1000'));
  await page.fill(shown('.e2e-booking-mileage input'), '19000');
  expect(await text(page, '.e2e-booking-mileage .field__error')).toBe('不能低于上次记录的 20,000 公里');
  await page.fill(shown('.e2e-booking-mileage input'), '23456');
  await page.fill(shown('.e2e-booking-note textarea'), '顺便检查空调');
  expect(await page.$(shown('.e2e-booking-mileage .field__error'))).toBeNull();
  await page.click(shown('.e2e-booking-submit'));

  await appear(page, '.e2e-booking-done');
  const booking = await Booking.findOne({ vehicleId: s.vehicle._id }).lean();
  expect(booking).toMatchObject({
    day: TOMORROW,
    blockId: '0830-1000',
    status: 'booked',
    note: '顺便检查空调'
  });
  const code = booking!.checkInCode as string;
  expect(await text(page, '.e2e-booking-done-summary')).toBe('定保 · 12-08 周二 08:30-10:00');
  expect(await text(page, '.e2e-booking-done-advisor')).toBe('王顾问');
  expect((await text(page, '.e2e-check-in-code-value')).replace(/\s/g, '')).toBe(code);

  // 我的预约: the booking with its check-in code.
  await page.click(shown('.e2e-booking-to-list'));
  await appear(page, '.e2e-page-owner-bookings .e2e-my-booking--booked');
  expect(await text(page, '.e2e-my-booking-status')).toBe('已预约');
  expect(await text(page, '.e2e-my-booking-when')).toBe('12-08 周二 08:30-10:00');
  await page.click(shown('.e2e-my-booking-code'));
  await appear(page, '.e2e-my-booking .e2e-check-in-code-value');
  expect((await text(page, '.e2e-my-booking .e2e-check-in-code-value')).replace(/\s/g, '')).toBe(code);

  // A second open booking for the same car: the server's words, as they come.
  await page.click(shown('.e2e-my-bookings-new'));
  await appear(page, '.e2e-page-owner-booking .e2e-booking-slot-day-2026-12-09');
  await page.click(shown('.e2e-booking-slot-day-2026-12-09'));
  await page.click(shown('.e2e-booking-slot-block-1000-1130'));
  await page.click(shown('.e2e-booking-submit'));
  await appear(page, '.e2e-booking-error');
  expect(await text(page, '.e2e-booking-error')).toBe('这辆车已有1个未完成的预约，请先完成或取消后再预约');
  expect(await Booking.countDocuments({ vehicleId: s.vehicle._id })).toBe(1);
  await page.goBack();

  // 改约: another day and block.
  await appear(page, '.e2e-page-owner-bookings .e2e-my-booking-reschedule');
  await page.click(shown('.e2e-my-booking-reschedule'));
  await appear(page, '.e2e-reschedule-slot-day-2026-12-09');
  await page.click(shown('.e2e-reschedule-slot-day-2026-12-09'));
  await page.click(shown('.e2e-reschedule-slot-block-1330-1500'));
  await page.click(shown('.e2e-reschedule-confirm'));
  await appear(page, '.e2e-my-booking-when:has-text("12-09 周三 13:30-15:00")');
  expect(await Booking.findById(booking!._id).lean()).toMatchObject({
    day: '2026-12-09',
    blockId: '1330-1500',
    status: 'booked'
  });

  // 取消 with a reason.
  await page.click(shown('.e2e-my-booking-cancel'));
  await appear(page, '.e2e-cancel');
  // No reason yet: the button is disabled (NutUI marks it by class).
  expect(await page.$(shown('.e2e-cancel-confirm.nut-button-disabled'))).not.toBeNull();
  await page.click(shown('.e2e-cancel-reason-行程变更'));
  await page.click(shown('.e2e-cancel-confirm'));
  await appear(page, '.e2e-my-booking--cancelled');
  expect(await text(page, '.e2e-my-booking-status')).toBe('已取消');
  expect(await text(page, '.e2e-my-booking-cancel-reason')).toBe('取消原因：行程变更');
  expect(await page.$(shown('.e2e-my-booking-code'))).toBeNull();
  expect(await Booking.findById(booking!._id).lean()).toMatchObject({
    status: 'cancelled',
    cancelReason: '行程变更'
  });
  await page.context().close();
});

test('the home page reads the due events without an error and leads to 我的预约; the vehicle page books for its car', async () => {
  const s = await setupDealership();
  const owner = await ownerOf(e2e.app, s);
  const page = await e2e.newPage({ viewport: 'phone', as: asOwner(owner.ownerId, owner.token) });
  const due = page.waitForResponse((res) => new URL(res.url()).pathname === '/api/owner/due', {
    timeout: 60_000
  });
  await page.goto(e2e.url('/#/pages/home/index'));
  await appear(page, '.e2e-page-owner-home .e2e-home-bookings');
  // The card's content with real due events is the reminder journey's (reminder-journey.e2e).
  expect((await due).status()).toBe(200);
  expect(await page.$(shown('.e2e-due-unavailable'))).toBeNull();
  expect(await page.$(shown('.e2e-state-error'))).toBeNull();
  await page.click(shown('.e2e-home-bookings'));
  await appear(page, '.e2e-page-owner-bookings .e2e-state-empty');
  expect(await text(page, '.e2e-state-empty')).toContain('还没有预约');

  // The vehicle page books for that car; not opened from a reminder, so no subscription box.
  await page.goto(e2e.url(`/#/pages/owner/vehicle/index?id=${String(s.vehicle._id)}`));
  await appear(page, '.e2e-page-owner-vehicle .e2e-vehicle-book');
  await page.click(shown('.e2e-vehicle-book'));
  await appear(page, '.e2e-page-owner-booking .e2e-booking-slot-block-1000-1130');
  expect(await text(page, '.e2e-booking-vehicle-only')).toContain(s.plate);
  expect(await page.$(shown('.e2e-booking-type-regular_maintenance.chip--active'))).not.toBeNull();
  expect(await page.$(shown('.e2e-booking-subscribe'))).toBeNull();
  await page.context().close();
});
