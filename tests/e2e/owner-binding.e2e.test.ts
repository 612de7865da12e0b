import { formatScene } from '@dealer/shared';
import {
  makeCustomer,
  makeDealership,
  makeServiceRecord,
  makeStaff,
  makeVehicle,
  uniqueMobile
} from '../support/factories';
import { shown, useE2E } from './session';

const e2e = useE2E();

test('an owner opens the QR scene URL, binds with their phone and claims their vehicle', async () => {
  const dealership = await makeDealership('广州瑞丰大众4S店');
  const advisor = await makeStaff('advisor', dealership._id, '王顾问');
  const mobile = uniqueMobile();
  const customer = await makeCustomer(dealership._id, { name: '李先生', mobile, source: 'dms_import' });
  const vehicle = await makeVehicle(customer, {
    plate: '粤A88888',
    vin: 'LSVAU218XN2183294',
    series: '帕萨特'
  });
  await makeServiceRecord(vehicle, {
    roNumber: 'RO-E2E-1',
    serviceDate: '2025-05-20',
    type: 'regular_maintenance'
  });

  const page = await e2e.newPage({ viewport: 'phone' });
  const scene = encodeURIComponent(formatScene(dealership.code, advisor.advisorCode));
  await page.goto(e2e.url(`/#/pages/owner/bind/index?scene=${scene}`));

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
