import { Types } from 'mongoose';
import { formatScene } from '@dealer/shared';
import {
  loginOwner,
  makeCustomer,
  makeDealership,
  makeServiceRecord,
  makeStaff,
  makeVehicle,
  uniqueMobile
} from '../support/factories';
import { asOwner, asStaff, shown, useE2E } from './session';

const e2e = useE2E();

test('a claim on another owner’s vehicle waits for the store; the advisor confirms in the task list; the owner then sees the vehicle', async () => {
  const dealership = await makeDealership('佛山瑞丰大众4S店');
  const advisor = await makeStaff('advisor', dealership._id, '黄顾问');
  const customer = await makeCustomer(dealership._id, {
    name: '原车主周先生',
    mobile: uniqueMobile(),
    source: 'dms_import',
    advisorId: new Types.ObjectId(advisor.id)
  });
  const vehicle = await makeVehicle(customer, {
    plate: '粤E66666',
    vin: 'LSVAU2180N2661234',
    series: '途观L'
  });
  await makeServiceRecord(vehicle, {
    roNumber: 'RO-E2E-CLAIM',
    serviceDate: '2025-06-18',
    type: 'regular_maintenance'
  });

  // The new owner binds with their own phone (a new prospect) and claims the car with plate + VIN-6.
  const owner = await e2e.newPage({ viewport: 'phone' });
  await owner.goto(
    e2e.url(`/#/pages/owner/bind/index?scene=${encodeURIComponent(formatScene(dealership.code))}`)
  );
  await owner.waitForSelector(shown('.e2e-bind-dealership'));
  await owner.fill(shown('.e2e-bind-phone input'), uniqueMobile());
  await owner.click(shown('.e2e-bind-phone-submit'));
  await owner.waitForSelector(shown('.e2e-bind-result .e2e-bind-new'));
  await owner.click(shown('.e2e-bind-claim'));
  await owner.waitForSelector(shown('.e2e-claim-form'));
  await owner.fill(shown('.e2e-claim-plate input'), '粤E66666');
  await owner.fill(shown('.e2e-claim-vin input'), '661234');
  await owner.click(shown('.e2e-claim-submit'));

  await owner.waitForSelector(shown('.e2e-claim-pending'));
  expect(await owner.textContent(shown('.e2e-claim-pending'))).toContain('等待门店确认');
  await owner.waitForSelector(shown('.e2e-claim-request--pending'));
  expect((await owner.textContent(shown('.e2e-claim-request-plate')))?.trim()).toBe('粤E66666');
  expect((await owner.textContent(shown('.e2e-claim-request-status')))?.trim()).toBe('等待门店确认');
  expect(await owner.$$(shown('.e2e-vehicle-item'))).toHaveLength(0);

  // The archive's advisor sees the claim in the task list and approves it.
  const staff = await e2e.newPage({ as: asStaff(advisor) });
  await staff.goto(e2e.url('/#/pages/staff/tasks/index'));
  await staff.waitForSelector(shown('.e2e-page-staff-tasks .e2e-claim-review'));
  const review = await staff.textContent(shown('.e2e-claim-review'));
  expect(review).toContain('粤E66666');
  expect(review).toContain('原车主周先生');
  expect(review).toMatch(/申请人：微信车主\d{4}（139\*{4}\d{4}）/);
  await staff.click(shown('.e2e-claim-review-approve'));
  await staff.click('.e2e-confirm .e2e-confirm-ok');
  await staff.waitForSelector(shown('.e2e-claim-review-done'));
  expect(await staff.textContent(shown('.e2e-claim-review-done'))).toContain('已同意');
  expect(await staff.$$(shown('.e2e-claim-review'))).toHaveLength(0);

  // The owner opens the vehicles page again: the car and its history are theirs.
  await owner.goto(e2e.url('/#/pages/owner/vehicles/index'));
  await owner.reload();
  await owner.waitForSelector(shown('.e2e-vehicle-item'));
  expect((await owner.textContent(shown('.e2e-vehicle-item .e2e-vehicle-plate')))?.trim()).toBe('粤E66666');
  expect(await owner.$$(shown('.e2e-claim-request'))).toHaveLength(0);
  await owner.click(shown('.e2e-vehicle-item'));
  await owner.waitForSelector(shown('.e2e-service-record'));
  expect(await owner.textContent(shown('.e2e-service-record'))).toContain('定保');

  for (const text of [await owner.content(), await staff.content()])
    expect(text).not.toMatch(/>(undefined|null|NaN)</);
  await owner.context().close();
  await staff.context().close();
});

/** An owner logged in and bound to the dealership with this mobile, through the API. */
async function boundOwner(dealerCode: string, mobile: string) {
  const owner = await loginOwner(e2e.app);
  const { code } = e2e.app.sandbox.state.mintPhoneCode({ phoneNumber: mobile, openid: owner.openid });
  await e2e.app
    .http()
    .post('/api/owner/bindings')
    .set(owner.auth)
    .send({ scene: formatScene(dealerCode), phoneCode: code })
    .expect(200);
  return owner;
}

test('the archive’s bound owner declines a stranger’s claim on their vehicles page; the stranger sees it refused', async () => {
  const dealership = await makeDealership('东莞测试4S店');
  const mobile = uniqueMobile();
  const customer = await makeCustomer(dealership._id, { name: '梁女士', mobile, source: 'dms_import' });
  await makeVehicle(customer, { plate: '粤S77777', vin: 'LSVAU2180N2771234' });
  const archiveOwner = await boundOwner(dealership.code, mobile);
  const stranger = await boundOwner(dealership.code, uniqueMobile());
  const claim = await e2e.app
    .http()
    .post('/api/owner/vehicles/claim')
    .set(stranger.auth)
    .send({ dealershipId: String(dealership._id), plate: '粤S77777', vinLast6: '771234' })
    .expect(200);
  expect(claim.body.outcome).toBe('pending');

  const page = await e2e.newPage({
    viewport: 'phone',
    as: asOwner(archiveOwner.ownerId, archiveOwner.token)
  });
  await page.goto(e2e.url('/#/pages/owner/vehicles/index'));
  await page.waitForSelector(shown('.e2e-claim-reviews .e2e-claim-review'));
  expect((await page.textContent(shown('.e2e-claim-review-plate')))?.trim()).toBe('粤S77777');
  expect(await page.textContent(shown('.e2e-claim-review'))).toMatch(/申请人：微\*\*（139\*{4}\d{4}）/);
  await page.click(shown('.e2e-claim-review-decline'));
  await page.click('.e2e-confirm .e2e-confirm-ok');
  await page.waitForSelector(shown('.e2e-claim-review-done'));
  expect(await page.textContent(shown('.e2e-claim-review-done'))).toContain('已拒绝');
  // The list reloads after the decision: the review leaves it (fails on timeout otherwise).
  await page.waitForSelector(shown('.e2e-claim-review'), { state: 'detached' });
  await page.context().close();

  const claimant = await e2e.newPage({ viewport: 'phone', as: asOwner(stranger.ownerId, stranger.token) });
  await claimant.goto(e2e.url('/#/pages/owner/vehicles/index'));
  await claimant.waitForSelector(shown('.e2e-claim-request--declined'));
  expect((await claimant.textContent(shown('.e2e-claim-request-status')))?.trim()).toBe('认领未通过');
  expect(await claimant.textContent(shown('.e2e-claim-request-message'))).toContain('如有疑问请联系门店');
  expect(await claimant.$$(shown('.e2e-vehicle-item'))).toHaveLength(0);
  await claimant.context().close();
});
