import { Customer } from '../../server/src/modules/customers/customer.model';
import { ReminderCall, ReminderSend } from '../../server/src/modules/reminders/reminder.model';
import { makeDealership, makeStaff, makeVehicle } from '../support/factories';
import { CARE_SANDBOX_TEMPLATES, makeBoundCustomer } from '../support/care-fixtures';
import { customerWithVehicle, dayFrom, seedDueEvent } from '../server/reminders-support';
import { logInThroughUi, shown, useE2E } from './session';

const e2e = useE2E({ sandbox: { templates: CARE_SANDBOX_TEMPLATES } });

test('an advisor opens the workbench, sees due customers, pushes a reminder and logs a call', async () => {
  const dealership = await makeDealership();
  const advisor = await makeStaff('advisor', dealership._id, '林顾问');
  const owner = await makeBoundCustomer(
    e2e.app,
    dealership._id,
    { name: '陈车主', advisorId: advisor.id, tier: 'A' },
    { accept: ['TPL_CARE'] }
  );
  const bound = (await Customer.findById(owner.customerId).lean())!;
  const boundEvent = await seedDueEvent(await makeVehicle(bound, { plate: '粤B8A123' }), bound, {
    dueIn: 5,
    tier: 'A'
  });
  const unbound = await customerWithVehicle(dealership._id, advisor.id, { name: '王先生' });
  const callEvent = await seedDueEvent(unbound.vehicle, unbound.customer, { dueIn: -3, type: 'insurance' });
  const other = await customerWithVehicle(dealership._id, null, { name: '别人的客户' });
  await seedDueEvent(other.vehicle, other.customer, { dueIn: 2 });

  const page = await e2e.newPage({ viewport: 'phone' });
  await logInThroughUi(e2e, page, advisor);
  await page.click(shown('.e2e-customers-reminders'));
  await page.waitForSelector(shown('.e2e-page-staff-reminders .e2e-reminder-item'));
  const names = await page.$$eval(shown('.e2e-reminder-item .e2e-reminder-customer'), (els) =>
    els.map((e) => e.textContent?.trim())
  );
  expect(names).toEqual(['陈车主', '王先生']); // A tier first; only the advisor's own
  const first = shown('.e2e-reminder-item:nth-child(1)');
  expect(await page.textContent(`${first} .e2e-reminder-state`)).toBe('即将到期');
  expect(await page.textContent(`${first} .e2e-reminder-consents`)).toBe('可推送 1 次');
  expect(await page.textContent(shown('.e2e-reminder-item:nth-child(2) .e2e-reminder-unbound'))).toBe(
    '未绑定'
  );
  expect(await page.textContent(shown('.e2e-reminder-item:nth-child(2) .e2e-reminder-title'))).toContain(
    '保险续保 · 已逾期'
  );

  // Push the reminder to the bound owner: one WeChat message, the card says 已提醒.
  await page.click(`${first} .e2e-reminder-push`);
  await page.waitForSelector(shown('.e2e-reminders-message'));
  expect(await page.textContent(shown('.e2e-reminders-message'))).toContain('已推送微信消息');
  await page.waitForSelector(shown('.e2e-reminder-reminded .e2e-reminder-sent'));
  expect(await page.textContent(shown('.e2e-reminder-reminded .e2e-reminder-state'))).toBe('已提醒');
  expect(e2e.app.sandbox.state.messages({ touser: owner.openid })).toHaveLength(1);
  expect(await ReminderSend.findById(boundEvent._id).lean()).toMatchObject({ by: 'staff', outcome: 'sent' });

  // Log a call with the other customer: call back in two days.
  const second = shown('.e2e-reminder-overdue');
  await page.click(`${second} .e2e-reminder-call`);
  await page.click(shown('.e2e-call-outcome-call_back'));
  await page.fill(shown('.e2e-call-back-on input'), dayFrom(2));
  await page.fill(shown('.e2e-call-note textarea'), '客户出差，周末回电');
  await page.click(shown('.e2e-call-submit'));
  await page.waitForSelector(shown('.e2e-reminder-last-call'));
  expect(await page.textContent(shown('.e2e-reminder-last-call'))).toContain('稍后回电');
  expect(await page.textContent(shown('.e2e-reminder-last-call'))).toContain('客户出差，周末回电');
  expect(
    await ReminderCall.countDocuments({
      dueEventId: callEvent._id,
      outcome: 'call_back',
      callBackOn: dayFrom(2)
    })
  ).toBe(1);
  await page.context().close();
});
