import type { Browser, Page } from 'playwright-core';
import { formatScene } from '@dealer/shared';
import { makeCustomer, makeDealership, makeServiceRecord, makeStaff, makeVehicle, uniqueMobile } from '../support/factories';
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

/** Selectors scoped to the page Taro's router shows (earlier pages stay in the DOM, hidden). */
const shown = (hook: string) => `.taro_page:not(.taro_page_shade) ${hook}`;

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  return context.newPage();
}

test('an owner opens the QR scene URL, binds with their phone and claims their vehicle', async () => {
  const dealership = await makeDealership('广州瑞丰大众4S店');
  const advisor = await makeStaff('advisor', dealership._id, '王顾问');
  const mobile = uniqueMobile();
  const customer = await makeCustomer(dealership._id, { name: '李先生', mobile, source: 'dms_import' });
  const vehicle = await makeVehicle(customer, { plate: '粤A88888', vin: 'LSVAU218XN2183294', series: '帕萨特' });
  await makeServiceRecord(vehicle, { roNumber: 'RO-E2E-1', serviceDate: '2025-05-20', type: 'regular_maintenance' });

  const page = await newPage();
  const scene = encodeURIComponent(formatScene(dealership.code, advisor.advisorCode));
  await page.goto(`${app.url}/#/pages/owner/bind/index?scene=${scene}`);

  await page.waitForSelector(shown('.e2e-bind-dealership'));
  expect(await page.textContent(shown('.e2e-bind-dealership'))).toContain('广州瑞丰大众4S店');
  expect(await page.textContent(shown('.e2e-bind-advisor'))).toContain('王顾问');
  await page.waitForSelector(shown('.e2e-demo-badge'));

  await page.fill(shown('.e2e-bind-phone input'), mobile);
  await page.click(shown('.e2e-bind-phone-submit'));
  await page.waitForSelector(shown('.e2e-bind-result .e2e-bind-matched'));

  await page.click(shown('.e2e-bind-claim'));
  await page.waitForSelector(shown('.e2e-claim-form'));
  await page.fill(shown('.e2e-claim-plate input'), '粤A88888');
  await page.fill(shown('.e2e-claim-vin input'), '000000');
  await page.click(shown('.e2e-claim-submit'));
  await page.waitForSelector(shown('.e2e-claim-error'));
  expect(await page.textContent(shown('.e2e-claim-error'))).toMatch(/车架号/);

  await page.fill(shown('.e2e-claim-vin input'), '183294');
  await page.click(shown('.e2e-claim-submit'));
  await page.waitForSelector(shown('.e2e-vehicle-item'));
  expect(await page.textContent(shown('.e2e-vehicle-item .e2e-vehicle-plate'))).toContain('粤A88888');

  await page.click(shown('.e2e-vehicle-item'));
  await page.waitForSelector(shown('.e2e-service-record'));
  expect(await page.textContent(shown('.e2e-service-record'))).toContain('定保');
  await page.context().close();
});
