import { Types } from 'mongoose';
import { clock } from '../../server/src/lib/clock';
import { Booking, BookingSettingsModel } from '../../server/src/modules/bookings/booking.model';
import { makeCustomer, makeDealership, makeStaff, makeVehicle, uniqueMobile } from '../support/factories';
import { asStaff, shown, useE2E } from './session';

/**
 * The staff side of booking in the browser: an advisor books for a customer on the phone from
 * the archive, finds the booking in today's list and marks the arrival; a manager changes the
 * bays of a service type in the booking settings (and sees the server refuse overlapping blocks).
 * Server and browser share one clock: Monday 2026-12-07, 07:30 in Shanghai (moving on from there).
 */
const e2e = useE2E();
const TODAY = '2026-12-07';
const NOW = new Date(`${TODAY}T07:30:00+08:00`);
const offset = NOW.getTime() - Date.now();
beforeAll(() => clock.set(() => new Date(Date.now() + offset)));
afterAll(() => clock.set(null));

test('an advisor books for a customer by phone, sees it in today’s list and marks the arrival', async () => {
  const dealership = await makeDealership('东莞骏达丰田4S店');
  const advisor = await makeStaff('advisor', dealership._id, '何顾问');
  const customer = await makeCustomer(dealership._id, {
    name: '林国栋',
    mobile: uniqueMobile(),
    advisorId: new Types.ObjectId(advisor.id)
  });
  await makeVehicle(customer, { plate: '粤S8K321', series: '凯美瑞' });

  const page = await e2e.newPage({ viewport: 'phone', as: asStaff(advisor) });
  await page.clock.setFixedTime(new Date(Date.now() + offset));
  await page.goto(e2e.url(`/#/pages/staff/customer/index?id=${String(customer._id)}`));
  await page.click(shown('.e2e-customer-book'));

  await page.waitForSelector(shown('.e2e-booking-new-customer'));
  expect(await page.textContent(shown('.e2e-booking-new-customer'))).toContain('为 林国栋 预约');
  // Today from 09:30 (two hours’ lead): the 08:30 block is not offered, 10:00 has 3 bays of 定保.
  await page.click(shown(`.e2e-book-day-${TODAY}`));
  expect(await page.$(shown('.e2e-book-block-0830-1000'))).toBeNull();
  expect(await page.textContent(shown('.e2e-book-block-1000-1130'))).toContain('10:00-11:30 余3');
  await page.click(shown('.e2e-book-block-1000-1130'));
  await page.fill(shown('.e2e-booking-new-mileage input'), '23500');
  await page.fill(shown('.e2e-booking-new-note textarea'), '客户电话预约，顺便看空调');
  await page.click(shown('.e2e-booking-new-submit'));
  await page.waitForSelector(shown('.e2e-booking-new-done'));
  expect(await page.textContent(shown('.e2e-booking-new-done'))).toContain(
    `已为 林国栋 预约 ${TODAY} 10:00-11:30 定保，顾问 何顾问`
  );
  const stored = await Booking.findOne({ customerId: customer._id }).lean();
  expect(stored).toMatchObject({ day: TODAY, blockId: '1000-1130', status: 'booked', bookedBy: 'staff' });
  expect(stored?.mileage).toEqual({ km: 23500, date: TODAY });

  await page.click(shown('.e2e-booking-new-list'));
  await page.waitForSelector(shown('.e2e-page-staff-bookings .e2e-booking-item'));
  const item = shown('.e2e-booking-item');
  expect(await page.textContent(item)).toContain('10:00-11:30');
  expect(await page.textContent(item)).toContain('林国栋');
  expect(await page.textContent(item)).toContain('粤S8K321 · 定保 · 顾问 何顾问');
  expect(await page.textContent(shown('.e2e-booking-status'))).toBe('已预约');

  // 未到店 before the block starts: the server says why, nothing changes.
  await page.click(shown('.e2e-booking-noshow'));
  await page.waitForSelector(shown('.e2e-booking-error'));
  expect(await page.textContent(shown('.e2e-booking-error'))).toMatch(/开始/);

  await page.click(shown('.e2e-booking-arrived'));
  await page.waitForSelector(shown('.e2e-bookings-message'));
  expect(await page.textContent(shown('.e2e-bookings-message'))).toContain('林国栋 粤S8K321 已到店');
  await page.waitForSelector(shown('.e2e-booking-is-arrived'));
  expect(await page.textContent(shown('.e2e-booking-status'))).toBe('已到店');
  expect((await Booking.findById(stored?._id).lean())?.status).toBe('arrived');
  await page.context().close();
});

test('a manager changes the bays of a service type in the booking settings; overlapping blocks are refused', async () => {
  const dealership = await makeDealership('东莞骏达丰田4S店');
  const manager = await makeStaff('manager', dealership._id, '梁经理');
  const page = await e2e.newPage({ as: asStaff(manager) });
  await page.clock.setFixedTime(new Date(Date.now() + offset));
  await page.goto(e2e.url('/#/pages/manager/index/index'));
  await page.click(shown('.e2e-manager-booking-settings'));
  await page.waitForSelector(shown('.e2e-settings-capacity'));
  expect(await page.inputValue(shown('.e2e-settings-capacity-regular_maintenance input'))).toBe('3');

  await page.fill(shown('.e2e-settings-capacity-regular_maintenance input'), '5');
  await page.click(shown('.e2e-settings-save'));
  await page.waitForSelector(shown('.e2e-settings-saved'));
  const saved = await BookingSettingsModel.findById(String(dealership._id)).lean();
  expect(saved?.capacity).toMatchObject({ regular_maintenance: 5, first_maintenance: 2 });

  // The first block now runs into the second: the server's message is shown, nothing saved.
  await page.fill(shown('.e2e-settings-block-end-0 input'), '10:30');
  await page.click(shown('.e2e-settings-save'));
  await page.waitForSelector(shown('.e2e-settings-error'));
  expect(await page.textContent(shown('.e2e-settings-error'))).toContain('重叠');
  expect((await BookingSettingsModel.findById(String(dealership._id)).lean())?.blocks[0]).toEqual({
    start: '08:30',
    end: '10:00'
  });
  await page.context().close();
});
