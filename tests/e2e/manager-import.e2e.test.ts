import { resolve } from 'node:path';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { makeDealership, makeStaff } from '../support/factories';
import { logInThroughUi, shown, useE2E } from './session';

const e2e = useE2E();
const FIXTURE = resolve(__dirname, '../fixtures/dms/customers-gbk.csv');

test('a manager uploads a DMS export, previews it, imports it and watches it finish', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);

  const page = await e2e.newPage();
  await logInThroughUi(e2e, page, manager);

  await page.goto(e2e.url('/#/pages/manager/imports/index'));
  await page.click(shown('.e2e-import-kind-customers'));
  await page.setInputFiles(shown('input.e2e-import-file'), FIXTURE);
  await page.click(shown('.e2e-import-preview-run'));
  // The dry run finishes and reports the three rows in error, writing nothing.
  await page.waitForSelector(shown('.e2e-import-errors-row'), { timeout: 30_000 });
  expect(await page.$$(shown('.e2e-import-errors-row'))).toHaveLength(3);
  expect(await page.textContent(shown('.e2e-import-count-created'))).toContain('13');
  expect(await Customer.countDocuments({ dealershipId: dealership._id })).toBe(0);

  await page.click(shown('.e2e-import-run'));
  await page.waitForSelector(shown('.e2e-import-status-done'), { timeout: 60_000 });
  expect(await page.textContent(shown('.e2e-import-count-created'))).toContain('13');
  // 11 distinct mobiles + 2 archives known only through their car: what the manager was shown.
  expect(await Customer.countDocuments({ dealershipId: dealership._id })).toBe(13);
  await page.context().close();
});
