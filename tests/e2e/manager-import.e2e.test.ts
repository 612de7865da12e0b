import type { Browser } from 'playwright-core';
import { resolve } from 'node:path';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { makeDealership, makeStaff, TEST_PASSWORD } from '../support/factories';
import { launchBrowser } from './browser';
import { startH5App } from './server';

type App = Awaited<ReturnType<typeof startH5App>>;
let app: App;
let browser: Browser;

beforeAll(async () => {
  app = await startH5App();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const shown = (hook: string) => `.taro_page:not(.taro_page_shade) ${hook}`;
const FIXTURE = resolve(__dirname, '../fixtures/dms/customers-gbk.csv');

test('a manager uploads a DMS export, previews it, imports it and watches it finish', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${app.url}/#/pages/login/index?mode=staff`);
  await page.fill(shown('.e2e-login-username input'), manager.username);
  await page.fill(shown('.e2e-login-password input'), TEST_PASSWORD);
  await page.click(shown('.e2e-login-submit'));
  await page.waitForSelector(shown('.e2e-page-staff-customers'));

  await page.goto(`${app.url}/#/pages/manager/imports/index`);
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
  await context.close();
});
