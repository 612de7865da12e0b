import { Types } from 'mongoose';
import { Contact } from '../../server/src/modules/contacts/contact.model';
import { AccessLog } from '../../server/src/modules/access-log/access-log.model';
import { makeCustomer, makeDealership, makeStaff, makeVehicle } from '../support/factories';
import { logInThroughUi, shown, useE2E } from './session';

const e2e = useE2E();

test('an advisor logs in, finds an assigned customer, opens the archive and logs a call', async () => {
  const dealership = await makeDealership();
  const advisor = await makeStaff('advisor', dealership._id, '刘顾问');
  const mine = await makeCustomer(dealership._id, {
    name: '周晓东',
    advisorId: new Types.ObjectId(advisor.id),
    tags: ['老客户']
  });
  await makeVehicle(mine, { plate: '粤B54321' });
  await makeCustomer(dealership._id, { name: '别人的客户' });

  const page = await e2e.newPage();
  await logInThroughUi(e2e, page, advisor);

  await page.waitForSelector(shown('.e2e-page-staff-customers .e2e-customer-item'));
  const names = await page.$$eval(shown('.e2e-customer-item .e2e-customer-name'), (els) =>
    els.map((e) => e.textContent?.trim())
  );
  expect(names).toEqual(['周晓东']); // only the customers assigned to this advisor

  await page.click(shown('.e2e-customer-item'));
  await page.waitForSelector(shown('.e2e-customer-info'));
  expect(await page.textContent(shown('.e2e-customer-vehicle'))).toContain('粤B54321');
  expect(await AccessLog.countDocuments({ customerId: mine._id, action: 'view' })).toBeGreaterThanOrEqual(1);

  await page.click(shown('.e2e-contact-channel-phone'));
  await page.fill(shown('.e2e-contact-outcome input'), '已预约周六保养');
  await page.click(shown('.e2e-contact-submit'));
  await page.waitForSelector(shown('.e2e-contact-item'));
  expect(await page.textContent(shown('.e2e-contact-item'))).toContain('已预约周六保养');
  expect(
    await Contact.countDocuments({ customerId: mine._id, channel: 'phone', outcome: '已预约周六保养' })
  ).toBe(1);
  await page.context().close();
});
