import { resolve } from 'node:path';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { makeDealership, makeStaff } from '../support/factories';
import { logInThroughUi, shown, useE2E } from './session';

const e2e = useE2E();
const FIXTURE = resolve(__dirname, '../fixtures/dms/customers-gbk.csv');
/** 客户姓名, 手机号 and 常住地 (an address column under a header no alias knows). */
const UNMAPPED = resolve(__dirname, '../fixtures/dms/customers-unmapped-column.csv');

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

test('a manager maps an unrecognised column in the page; the next upload of the same headers reuses it', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const page = await e2e.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    // Known app-wide, not this page's: the H5 build's inline icon font is blocked by the CSP
    // (font-src), and the browser's favicon request answers 404. Reported to the lead.
    const appWide = /^Loading the font 'data:|^Failed to load resource: .*404/.test(m.text());
    if (m.type() === 'error' && !appWide) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  });
  await logInThroughUi(e2e, page, manager);

  const preview = async () => {
    await page.goto(e2e.url('/#/pages/manager/imports/index'));
    await page.click(shown('.e2e-import-kind-customers'));
    await page.setInputFiles(shown('input.e2e-import-file'), UNMAPPED);
    await page.click(shown('.e2e-import-preview-run'));
    await page.waitForSelector(shown('.e2e-import-columns'), { timeout: 30_000 });
  };
  const texts = (hook: string) =>
    page.$$eval(shown(hook), (els) => els.map((e) => (e.textContent ?? '').trim()));

  await preview();
  expect(await texts('.e2e-import-recognised-row')).toEqual(['客户姓名 → 客户姓名', '手机号 → 手机号']);
  expect((await texts('.e2e-import-ignored-row'))[0]).toContain('常住地');
  await page.click(shown('.e2e-import-map-toggle-0'));
  await page.click(shown('.e2e-import-map-0-address'));
  expect((await texts('.e2e-import-ignored-row'))[0]).toContain('常住地 → 地址');

  await page.click(shown('.e2e-import-run'));
  await page.waitForSelector(shown('.e2e-import-status-done'), { timeout: 60_000 });
  const stored = await Customer.find({ dealershipId: dealership._id }).sort({ mobile: 1 }).lean();
  expect(stored.map((c) => [c.name, c.address])).toEqual([
    ['张三', '深圳市南山区'],
    ['李四', '深圳市福田区']
  ]);

  // Next month's file: the page knows the column without being told.
  await preview();
  expect(await texts('.e2e-import-recognised-row')).toContain('常住地 → 地址（按已保存的映射）');
  await page.waitForSelector(shown('.e2e-import-no-ignored'));
  const shownText = await page.textContent(shown('.e2e-page-manager-imports'));
  expect(shownText).not.toMatch(/undefined|NaN|\bnull\b|\[object Object\]/);
  expect(problems).toEqual([]);
  await page.context().close();
});
