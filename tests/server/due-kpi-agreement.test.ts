import { dayOf, isoOf } from '../../server/src/modules/kpis/kpi-days';
import { datasetLowerBound } from '../../server/src/modules/kpis/kpi-dataset';
import { loadDataset } from '../../server/src/modules/kpis/kpi-load';
import { collectDueEvents } from '../../server/src/modules/kpis/kpi-returns';
import { DueEvent } from '../../server/src/modules/due/due-event.model';
import { refreshDealershipDue } from '../../server/src/modules/due/due-refresh.service';
import { dueEngineSettings } from '../../server/src/modules/due/due-settings.service';
import { makeDealership } from '../support/factories';
import { startTestApp, type TestContext } from '../support/harness';
import { customer, maintenance, visit } from './kpis.fixtures';

/**
 * The return-rate KPI and the stored due events use one definition of "due": on a fixture of
 * vehicles not yet back, the KPI's due days of a period are exactly the due days of the
 * current maintenance events the refresh stored.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

const FROM = '2025-03-01';
const TODAY = '2025-03-31';

test("the KPI's due events are the stored due events", async () => {
  const d = await makeDealership();
  const id = String(d._id);
  // By time: 定保 2024-09-01 without an odometer → 2025-03-01.
  await visit(await customer(id), '2024-09-01', maintenance);
  // By time from delivery: delivered 2024-12-10 → first maintenance 2025-03-10.
  await customer(id, {}, { deliveryDate: '2024-12-10', mileageKm: null });
  // By mileage: 20,000 km at the 定保 of 2024-11-01, 24,400 km on 2025-02-15 (41.5 km/day):
  // 25,000 km 15 days later, 2025-03-02 — long before its 6 months.
  const fast = await customer(
    id,
    {},
    { mileageKm: 24_400, mileageDate: '2025-02-15', mileageSource: 'staff_edit' }
  );
  await visit(fast, '2024-11-01', { ...maintenance, mileageKm: 20_000 });
  // Serviced early: 定保 2024-09-01 and again 2025-02-20 → nothing due in March.
  const early = await customer(id);
  await visit(early, '2024-09-01', maintenance);
  await visit(early, '2025-02-20', maintenance);
  // Due in April, outside the period.
  await visit(await customer(id), '2024-10-15', maintenance);

  await refreshDealershipDue(id, TODAY);
  const stored = (await DueEvent.find({ dealershipId: d._id, current: true }).lean()).filter(
    (e) => e.type === 'first_maintenance' || e.type === 'regular_maintenance'
  );
  const storedDays = stored
    .map((e) => e.dueDate)
    .filter((day) => day >= FROM && day <= TODAY)
    .sort();

  const from = dayOf(FROM);
  const through = dayOf(TODAY);
  const data = await loadDataset(id, datasetLowerBound(from, 24), through);
  const settings = await dueEngineSettings(id, TODAY);
  const events = collectDueEvents(data, { engine: settings.engine, fleet: settings.fleet }, from, through);
  const kpiDays = Array.from(events.due, (day) => isoOf(day)).sort();

  expect(kpiDays).toEqual(storedDays);
  expect(kpiDays).toHaveLength(3);
  expect(kpiDays).toContain('2025-03-01');
  expect(kpiDays).toContain('2025-03-10');
  // The fast car is due by mileage, before its 6 months (2025-05-01).
  const fastEvent = stored.find((e) => String(e.vehicleId) === String(fast.vehicle._id));
  expect(fastEvent).toMatchObject({ basis: 'mileage', dueDate: '2025-03-02' });
  expect(kpiDays).toContain(fastEvent?.dueDate);
});
