import { makeDealership, makeStaff } from '../support/factories';
import { loadDueSettings } from '../../server/src/modules/due/due-settings.service';
import { asStaff, shown, useE2E } from './session';

/** The manager's due settings page: the defaults shown, a change saved, a mistake caught before sending. */
const e2e = useE2E();

test('a manager reads and changes the due settings; a bad figure is marked and nothing is saved', async () => {
  const dealership = await makeDealership('到期规则门店');
  const manager = await makeStaff('manager', dealership._id);
  const id = String(dealership._id);

  const page = await e2e.newPage({ as: asStaff(manager) });
  await page.goto(e2e.url('/#/pages/manager/due-settings/index'));
  await page.waitForSelector(shown('.e2e-due-settings-form'), { timeout: 60_000 });
  expect(await page.inputValue(shown('.e2e-due-regular-months input'))).toBe('6');
  expect(await page.inputValue(shown('.e2e-due-control-group input'))).toBe('10');
  expect(await page.inputValue(shown('.e2e-due-km-per-day-commercial input'))).toBe('200');

  await page.fill(shown('.e2e-due-control-group input'), '60');
  await page.click(shown('.e2e-due-settings-save'));
  await page.waitForSelector(shown('.e2e-due-settings-error'));
  expect((await loadDueSettings(id)).controlGroupPercent).toBe(10);

  await page.fill(shown('.e2e-due-control-group input'), '20');
  await page.fill(shown('.e2e-due-lead-regular_maintenance input'), '21');
  await page.click(shown('.e2e-due-series-add'));
  await page.fill(shown('.e2e-due-series-name input'), '途观L');
  await page.fill(shown('.e2e-due-series-regular-months input'), '12');
  await page.fill(shown('.e2e-due-series-regular-km input'), '10000');
  await page.click(shown('.e2e-due-settings-save'));
  await page.waitForSelector(shown('.e2e-due-settings-saved'));
  const saved = await loadDueSettings(id);
  expect(saved).toMatchObject({
    controlGroupPercent: 20,
    leadDays: { regular_maintenance: 21 },
    bySeries: { 途观L: { regularMaintenance: { months: 12, km: 10_000 } } }
  });
});
