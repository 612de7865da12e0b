import type { Page } from 'playwright-core';
import { clock } from '../../server/src/lib/clock';
import { runJobNow } from '../../server/src/lib/jobs';
import { Booking } from '../../server/src/modules/bookings/booking.model';
import { DueEvent } from '../../server/src/modules/due/due-event.model';
import { refreshDealershipDue } from '../../server/src/modules/due/due-refresh.service';
import { loadDueSettings, replaceDueSettings } from '../../server/src/modules/due/due-settings.service';
import { ReminderSend } from '../../server/src/modules/reminders/reminder.model';
import { makeServiceRecord } from '../support/factories';
import { ownerOf, setupDealership } from '../server/bookings-support';
import { asOwner, asStaff, shown, useE2E } from './session';

/**
 * Service reminders end to end in the browser, every part real: the due refresh computes the
 * vehicle's events, the daily reminder run reaches the bound owner in the inbox; the owner
 * sees 下次到期 on the home page, books from the reminder and finds the booking in 我的预约;
 * the advisor's workbench shows the event 已预约, the advisor marks the arrival in today's
 * bookings (the workbench then says 已到店); the manager sees the funnel chart and the uplift.
 * Server and browser share one clock: Monday 2026-12-07, 07:30 in Shanghai (moving on from there).
 */
const e2e = useE2E();
const TODAY = '2026-12-07';
const NOW = new Date(`${TODAY}T07:30:00+08:00`);
const offset = NOW.getTime() - Date.now();
beforeAll(() => clock.set(() => new Date(Date.now() + offset)));
afterAll(() => clock.set(null));

const appear = (page: Page, hook: string) => page.waitForSelector(shown(hook), { timeout: 60_000 });
const text = async (page: Page, hook: string) => (await page.textContent(shown(hook)))?.trim() ?? '';

test('due → reminded → booked by the owner → arrived at the counter → in the funnel', async () => {
  const s = await setupDealership();
  const manager = s.manager;
  // No control group: this one vehicle gets its reminder.
  await replaceDueSettings(s.dealershipId, {
    ...(await loadDueSettings(s.dealershipId)),
    controlGroupPercent: 0
  });
  // Its last 定保 half a year ago: regular maintenance falls due about now.
  await makeServiceRecord(s.vehicle, { type: 'regular_maintenance', serviceDate: '2026-06-10', paid: true });
  const owner = await ownerOf(e2e.app, s);

  await refreshDealershipDue(s.dealershipId, TODAY);
  const event = await DueEvent.findOne({
    vehicleId: s.vehicle._id,
    type: 'regular_maintenance',
    current: true
  }).lean();
  expect(event).not.toBeNull();
  expect(event!.remindFrom <= TODAY).toBe(true);
  const run = await runJobNow('reminders-daily', {
    deps: e2e.app.deps,
    date: TODAY,
    options: { dealership: s.dealershipId }
  });
  expect(run.status).toBe('succeeded');
  expect(await ReminderSend.findById(event!._id).lean()).toMatchObject({ outcome: 'inbox', by: 'run' });

  // The owner: 下次到期 on the home page, from GET /api/owner/due.
  const ownerPage = await e2e.newPage({ viewport: 'phone', as: asOwner(owner.ownerId, owner.token) });
  await ownerPage.clock.setFixedTime(new Date(Date.now() + offset));
  await ownerPage.goto(e2e.url('/#/pages/home/index'));
  await appear(ownerPage, '.e2e-due .e2e-due-event--regular_maintenance');
  const dueCard = await text(ownerPage, '.e2e-due-event--regular_maintenance');
  expect(dueCard).toContain('定期保养');
  expect(dueCard).toContain(event!.explanation);
  expect(await ownerPage.$(shown('.e2e-due-unavailable'))).toBeNull();

  // … books from the reminder in the inbox: today, 10:00.
  await ownerPage.goto(e2e.url('/#/pages/owner/notices/index'));
  await appear(ownerPage, '.e2e-notice-item');
  await ownerPage.click(shown('.e2e-notice-item'));
  await appear(ownerPage, '.e2e-notice-link');
  await ownerPage.click(shown('.e2e-notice-link'));
  await appear(ownerPage, `.e2e-page-owner-booking .e2e-booking-slot-day-${TODAY}`);
  expect(await ownerPage.$(shown('.e2e-booking-type-regular_maintenance.chip--active'))).not.toBeNull();
  await ownerPage.click(shown(`.e2e-booking-slot-day-${TODAY}`));
  await ownerPage.click(shown('.e2e-booking-slot-block-1000-1130'));
  await ownerPage.click(shown('.e2e-booking-submit'));
  await appear(ownerPage, '.e2e-booking-done');
  const booking = await Booking.findOne({ vehicleId: s.vehicle._id }).lean();
  expect(booking).toMatchObject({ day: TODAY, blockId: '1000-1130', status: 'booked', bookedBy: 'owner' });
  await ownerPage.click(shown('.e2e-booking-to-list'));
  await appear(ownerPage, '.e2e-page-owner-bookings .e2e-my-booking--booked');
  expect(await text(ownerPage, '.e2e-my-booking-status')).toBe('已预约');
  await ownerPage.context().close();

  // The advisor: the workbench says 已预约; today's bookings, 已到店; the workbench follows.
  const advisorPage = await e2e.newPage({ viewport: 'phone', as: asStaff(s.advisor) });
  await advisorPage.clock.setFixedTime(new Date(Date.now() + offset));
  await advisorPage.goto(e2e.url('/#/pages/staff/reminders/index'));
  await appear(advisorPage, '.e2e-page-staff-reminders .e2e-reminder-booked');
  expect(await text(advisorPage, '.e2e-reminder-booked .e2e-reminder-state')).toBe('已预约');
  await advisorPage.goto(e2e.url('/#/pages/staff/bookings/index'));
  await appear(advisorPage, '.e2e-page-staff-bookings .e2e-booking-is-booked');
  await advisorPage.click(shown('.e2e-booking-arrived'));
  await appear(advisorPage, '.e2e-booking-is-arrived');
  expect((await Booking.findById(booking!._id).lean())?.status).toBe('arrived');
  await advisorPage.goto(e2e.url('/#/pages/staff/reminders/index'));
  await appear(advisorPage, '.e2e-page-staff-reminders .e2e-reminder-arrived');
  expect(await text(advisorPage, '.e2e-reminder-arrived .e2e-reminder-state')).toBe('已到店');
  await advisorPage.context().close();

  // The manager: the month of the due day, the funnel chart drawn, the uplift (too few cars yet).
  const month = event!.dueDate.slice(0, 7);
  const managerPage = await e2e.newPage({ as: asStaff(manager) });
  await managerPage.clock.setFixedTime(new Date(Date.now() + offset));
  await managerPage.goto(e2e.url('/#/pages/insight/reminders/index'));
  await appear(managerPage, '.e2e-page-reminder-results .e2e-reminder-period');
  await managerPage.click(shown(`.e2e-reminder-month-${month}`));
  await managerPage.waitForSelector(`${shown('.e2e-reminder-period')}:has-text("${month}-01")`, {
    timeout: 30_000
  });
  const canvas = shown(
    '.e2e-reminder-chart-funnel.e2e-chart-ready canvas:not([width="0"]):not([height="0"])'
  );
  await managerPage.waitForSelector(canvas, { timeout: 30_000 });
  expect(await text(managerPage, '.e2e-reminder-uplift-sentence')).toContain('样本不足');
  await managerPage.context().close();
}, 300_000);
