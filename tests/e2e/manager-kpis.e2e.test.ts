import type { Page } from 'playwright-core';
import type { Types } from 'mongoose';
import { KPI_LABELS } from '@dealer/shared';
import { addDays, type IsoDate } from '@dealer/shared/domain';
import { clock, shanghaiDate } from '../../server/src/lib/clock';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { recomputeTiers } from '../../server/src/modules/tiers/tier-run.service';
import {
  makeCustomer,
  makeDealership,
  makeServiceRecord,
  makeStaff,
  makeVehicle
} from '../support/factories';
import { makeBoundCustomer } from '../support/care-fixtures';
import { asStaff, shown, useE2E } from './session';

/**
 * The KPI dashboard on a small dealership whose figures follow from docs/metrics.md. The
 * dashboard measures the current month as of today (server clock and browser both real
 * time), so the visits are placed relative to today, well away from the window edges
 * (6 months ≈ 181–184 days, 12 months = 365/366, 24 months ≈ 730).
 */

const e2e = useE2E();

/** The first day of the month `back` months before the month of `day`. */
function monthStart(day: IsoDate, back: number): IsoDate {
  const index = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1 - back;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01` as IsoDate;
}

/** A car delivered long ago: its delivery anchor fell due years before this month. */
const OLD_CAR = { deliveryDate: '2015-01-01' };

async function visits(
  customer: { _id: Types.ObjectId; dealershipId: Types.ObjectId },
  list: Array<{ date: IsoDate; type?: string }>
) {
  const vehicle = await makeVehicle(customer, OLD_CAR);
  // Repairs are no maintenance anchors: only the 定保 below make a due event this month.
  for (const v of list)
    await makeServiceRecord(vehicle, { serviceDate: v.date, type: v.type ?? 'general_repair', paid: true });
}

async function card(page: Page, key: string) {
  const root = shown(`.e2e-kpi-card-${key}`);
  return {
    value: (await page.textContent(`${root} .e2e-kpi-value`))?.trim(),
    text: await page.textContent(root)
  };
}

async function expectChartDrawn(page: Page, hook: string) {
  // Ready = ECharts drew into the box; a canvas sized to the box (the box may still be laying out at first).
  const canvas = shown(`.${hook}.e2e-chart-ready canvas:not([width="0"]):not([height="0"])`);
  await page.waitForSelector(canvas, { timeout: 30_000 });
  const box = await page.locator(canvas).first().boundingBox();
  expect(box?.width).toBeGreaterThan(0);
  expect(box?.height).toBeGreaterThan(0);
  expect(Number(await page.locator(canvas).first().getAttribute('width'))).toBeGreaterThan(0);
  expect(Number(await page.locator(canvas).first().getAttribute('height'))).toBeGreaterThan(0);
}

test('a manager sees the month’s KPIs of their dealership and the trend charts drawn; an advisor may not', async () => {
  const today = shanghaiDate(clock.now()) as IsoDate;
  const ago = (days: number) => addDays(today, -days);
  const dealership = await makeDealership('指标门店');
  const manager = await makeStaff('manager', dealership._id);
  const advisor = await makeStaff('advisor', dealership._id);

  // Bound to WeChat: c1, c2, c5 (visited in the last 12 months) and c6 (never visited).
  const bound = async (name: string) => ({
    _id: (await makeBoundCustomer(e2e.app, dealership._id, { name })).customerId,
    dealershipId: dealership._id
  });
  const c1 = await bound('老客户甲'); // paid 400 days ago (previous window) and 30 days ago: retained
  await visits(c1, [{ date: ago(400) }, { date: ago(30) }]);
  const c2 = await bound('新客户乙'); // paid 60 and 20 days ago: a repeat visitor
  await visits(c2, [{ date: ago(60) }, { date: ago(20) }]);
  const c3 = await makeCustomer(dealership._id, { name: '准流失丙' }); // 500 and 200 days ago: retained, at risk
  await visits(c3, [{ date: ago(500) }, { date: ago(200) }]);
  const c4 = await makeCustomer(dealership._id, { name: '流失丁' }); // 450 days ago only: churned, lost
  await visits(c4, [{ date: ago(450) }]);
  // 定保 on the 1st six months ago falls due on the 1st of this month; the paid 定保 that day is a return.
  const c5 = await bound('定保戊');
  await visits(c5, [
    { date: monthStart(today, 6), type: 'regular_maintenance' },
    { date: monthStart(today, 0), type: 'regular_maintenance' }
  ]);
  await bound('只绑定己');

  const outcome = await recomputeTiers(dealership._id, today);
  expect(outcome.status).toBe('done');
  const tiers = await Customer.find({ dealershipId: dealership._id }, { tier: 1 }).lean();
  const counts = { A: 0, B: 0, C: 0, D: 0, none: 0 };
  for (const c of tiers) counts[(c.tier ?? 'none') as keyof typeof counts] += 1;
  const breakdown = (['A', 'B', 'C', 'D', 'none'] as const)
    .filter((t) => counts[t] > 0)
    .map((t) => `${t === 'none' ? '未分级' : t} ${counts[t]}`)
    .join(' · ');
  const c3Tier = tiers.find((c) => String(c._id) === String(c3._id))?.tier;
  const c4Tier = tiers.find((c) => String(c._id) === String(c4._id))?.tier;

  const page = await e2e.newPage({ as: asStaff(manager) });
  await page.goto(e2e.url('/#/pages/insight/kpis/index'));
  await page.waitForSelector(shown('.e2e-page-kpis .e2e-kpi-card'), { timeout: 60_000 });

  // Visited in the last 12 months: c1, c2, c3, c5; bound among them: c1, c2, c5.
  expect(await card(page, 'bindingRate')).toMatchObject({
    value: '75%',
    text: expect.stringContaining('3 / 4')
  });
  // Due this month: c5's car (定保 six months ago), returned on its due day.
  expect(await card(page, 'returnRate')).toMatchObject({
    value: '100%',
    text: expect.stringContaining('1 / 1')
  });
  // Paid in the previous 12 months: c1, c3, c4; again in the last 12: c1, c3.
  expect(await card(page, 'retention')).toMatchObject({
    value: '66.7%',
    text: expect.stringContaining('2 / 3')
  });
  expect(await card(page, 'churn')).toMatchObject({ value: '33.3%', text: expect.stringContaining('1 / 3') });
  // Tiers were first computed today, so nobody was A or B a year ago.
  expect(await card(page, 'churnAB')).toMatchObject({ value: '—', text: expect.stringContaining('0 / 0') });
  // Last paid visit 6–12 months ago: c3; over 12 months ago: c4 (split by their tier now).
  expect(await card(page, 'atRisk')).toMatchObject({
    value: '1',
    text: expect.stringContaining(`${c3Tier} 1`)
  });
  expect(await card(page, 'lost')).toMatchObject({
    value: '1',
    text: expect.stringContaining(`${c4Tier} 1`)
  });
  // Paid in the last 12 months on two days or more: c2 and c5 of c1, c2, c3, c5.
  expect(await card(page, 'repeatVisitRate')).toMatchObject({
    value: '50%',
    text: expect.stringContaining('2 / 4')
  });
  expect(await page.textContent(shown('.e2e-kpi-tier-distribution'))).toContain(
    `${KPI_LABELS.tierDistribution}：${breakdown}`
  );

  await page.waitForSelector(shown('.e2e-kpi-charts'), { timeout: 60_000 });
  for (const hook of [
    'e2e-kpi-chart-rates',
    'e2e-kpi-chart-risk',
    'e2e-kpi-chart-tiers',
    'e2e-kpi-chart-movement'
  ])
    await expectChartDrawn(page, hook);
  // The first tier run moved all six archives (created this month) from untiered to a tier.
  expect(await page.textContent(shown('.e2e-kpi-movement-summary'))).toMatch(
    /升级 0 · 降级 0 · 不变 0 · 新增\s+6 · 移出 0/
  );
  await page.context().close();

  const advisorPage = await e2e.newPage({ as: asStaff(advisor) });
  await advisorPage.goto(e2e.url('/#/pages/insight/kpis/index'));
  await advisorPage.waitForSelector(shown('.e2e-page-kpis .e2e-state-forbidden'), { timeout: 60_000 });
  expect(await advisorPage.$$(shown('.e2e-kpi-card'))).toHaveLength(0);
  await advisorPage.context().close();
});
