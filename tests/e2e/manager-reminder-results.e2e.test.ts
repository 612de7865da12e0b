import { readFile } from 'node:fs/promises';
import { Types } from 'mongoose';
import { addDays, type IsoDate } from '@dealer/shared/domain';
import { clock, shanghaiDate } from '../../server/src/lib/clock';
import { Booking } from '../../server/src/modules/bookings/booking.model';
import { makeDealership, makeServiceRecord, makeStaff } from '../support/factories';
import { seedDueEvent, type FunnelVehicle } from '../server/reminders-funnel.fixture';
import { asStaff, shown, useE2E } from './session';

/**
 * The manager's reminder results page on a dealership whose figures are worked out below. The
 * page and the server use real time, so the events fall due on days 1–10 of the month two
 * months back: every window (due day + 30) has closed by today, and the month is a chip.
 */

const e2e = useE2E();

function monthsBack(day: IsoDate, back: number): string {
  const index = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1 - back;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

async function bookingFor(v: FunnelVehicle, dealershipId: Types.ObjectId, madeOn: string, status: string) {
  const at = new Date(`${madeOn}T10:00:00+08:00`);
  await Booking.create({
    dealershipId,
    customerId: v.customerId,
    customerName: '漏斗车主',
    vehicleId: v.vehicleId,
    bookedBy: 'staff',
    serviceType: 'regular_maintenance',
    day: madeOn,
    blockId: '1330-1500',
    startsAt: at,
    status,
    version: 1,
    checkInCode: new Types.ObjectId().toHexString().slice(-8).toUpperCase(),
    createdAt: at,
    updatedAt: at
  });
}

test('a manager sees the funnel and the uplift with its interval, per advisor, and downloads the CSV; an advisor may not', async () => {
  const today = shanghaiDate(clock.now()) as IsoDate;
  const month = monthsBack(today, 2);
  const dealership = await makeDealership('提醒效果门店');
  const manager = await makeStaff('manager', dealership._id, '赵经理');
  const wang = await makeStaff('advisor', dealership._id, '王顾问');
  const li = await makeStaff('advisor', dealership._id, '李顾问');

  // 40 reminded events (24 return, 10 of them booked first, 6 of those arrived) and
  // 40 control events (12 return); advisors alternate, due days 1–10 of the month.
  for (let i = 0; i < 80; i += 1) {
    const control = i >= 40;
    const k = i % 40;
    const dueDate = `${month}-${String((k % 10) + 1).padStart(2, '0')}` as IsoDate;
    const v = await seedDueEvent(dealership._id, k % 2 === 0 ? wang : li, {
      dueDate,
      control,
      reminder: control ? undefined : 'sent'
    });
    if (k < (control ? 12 : 24))
      await makeServiceRecord(
        { _id: v.vehicleId, dealershipId: dealership._id, customerId: v.customerId },
        { serviceDate: addDays(dueDate, 2) }
      );
    if (!control && k < 10)
      await bookingFor(v, dealership._id, addDays(dueDate, -3), k < 6 ? 'arrived' : 'booked');
  }

  const page = await e2e.newPage({ as: asStaff(manager) });
  await page.goto(e2e.url('/#/pages/insight/reminders/index'));
  await page.waitForSelector(shown('.e2e-page-reminder-results .e2e-reminder-period'), { timeout: 60_000 });
  await page.click(shown(`.e2e-reminder-month-${month}`));
  await page.waitForSelector(`${shown('.e2e-reminder-rate-reminded')}:has-text("24/40")`, {
    timeout: 30_000
  });
  expect(await page.textContent(shown('.e2e-reminder-rate-reminded'))).toContain('60%');
  expect(await page.textContent(shown('.e2e-reminder-rate-control'))).toMatch(/30%.*12\/40/);

  // The funnel chart is drawn.
  const canvas = shown(
    '.e2e-reminder-chart-funnel.e2e-chart-ready canvas:not([width="0"]):not([height="0"])'
  );
  await page.waitForSelector(canvas, { timeout: 30_000 });
  expect((await page.locator(canvas).first().boundingBox())?.height).toBeGreaterThan(0);

  // 0.6 − 0.3 = 0.3; se = √(0.24/40 + 0.21/40) = 0.106066; ± 1.959964·se = 0.207886 → [9.2, 50.8].
  expect(await page.textContent(shown('.e2e-reminder-uplift-sentence'))).toBe(
    '提醒组回厂率 60.0%（24/40），对照组 30.0%（12/40），提升 30.0 个百分点，95% 置信区间 9.2 至 50.8 个百分点：提醒组回厂率明显高于对照组'
  );
  expect(await page.textContent(shown('.e2e-reminder-uplift-points'))).toBe('+30.0 个百分点');
  expect(await page.textContent(shown('.e2e-reminder-uplift-range'))).toContain('+9.2 至 +50.8');
  const range = await page.locator(shown('.uplift__range')).boundingBox();
  const track = await page.locator(shown('.uplift__track')).boundingBox();
  expect(range?.width).toBeGreaterThan(0);
  expect(range && track && range.width < track.width).toBe(true);

  // Per advisor: 王 has the even k, 李 the odd: due 20, reminded 20, booked 5 (k < 10), arrived 3
  // (k < 6), returned 12 (k < 24), pending 0; control 6 of 20 (k < 12). Cells: 到期 已提醒 已预约 已到店 已回厂 待定.
  const rows = await page
    .locator(shown('.e2e-reminder-advisors .data-table__row:not(.data-table__row--head)'))
    .allTextContents();
  expect(rows.sort()).toEqual([
    '李顾问20205312060%（12/20）30%（6/20）',
    '王顾问20205312060%（12/20）30%（6/20）'
  ]);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click(shown('.e2e-reminder-export'))
  ]);
  const csv = await readFile((await download.path()) as string, 'utf8');
  expect(csv.startsWith('\uFEFF顾问,到期车辆,已提醒,已预约,已到店,已回厂')).toBe(true);
  expect(csv).toContain('\r\n全部,40,40,10,6,24,16,0,60.0%,40,12,28,0,30.0%\r\n');
  await page.waitForSelector(shown('.e2e-reminder-export-message'));
  await page.context().close();

  const advisorPage = await e2e.newPage({ as: asStaff(wang) });
  await advisorPage.goto(e2e.url('/#/pages/insight/reminders/index'));
  await advisorPage.waitForSelector(shown('.e2e-page-reminder-results .e2e-state-forbidden'), {
    timeout: 60_000
  });
  expect(await advisorPage.$$(shown('.e2e-reminder-uplift'))).toHaveLength(0);
  await advisorPage.context().close();
});
