import { formatScene } from '@dealer/shared';
import { op } from '../../server/src/lib/query';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { startTestApp, type TestContext } from '../support/harness';
import { boundOwner, loginOwner, makeCustomer, makeDealership, makeStaff } from '../support/factories';

/**
 * Scanning an advisor's QR code assigns that advisor only to an archive without one: a
 * manager's assignment made while the owner binds is never overwritten, whichever lands first.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

const PAIRS = 12;

test('binding through an advisor QR code never overwrites the advisor a manager assigns meanwhile', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const scanned = await makeStaff('advisor', dealership._id, '扫码顾问');
  const assigned = await makeStaff('advisor', dealership._id, '经理指定顾问');
  const scene = formatScene(dealership.code, scanned.advisorCode);
  const cases = await Promise.all(
    Array.from({ length: PAIRS }, async () => {
      const customer = await makeCustomer(dealership._id, { advisorId: null });
      const owner = await loginOwner(ctx);
      const { code } = ctx.sandbox.state.mintPhoneCode({
        phoneNumber: customer.mobile!,
        openid: owner.openid
      });
      return { customer, owner, code };
    })
  );
  const answers = await Promise.all(
    cases.flatMap(({ customer, owner, code }, i) => [
      ctx.http().post('/api/owner/bindings').set(owner.auth).send({ scene, phoneCode: code }),
      new Promise((r) => setTimeout(r, (i % 4) * 5)).then(() =>
        ctx
          .http()
          .patch(`/api/customers/${String(customer._id)}`)
          .set(manager.auth)
          .send({ advisorId: assigned.id })
      )
    ])
  );
  expect(answers.map((a) => a.status).filter((s) => s !== 200 && s !== 201)).toEqual([]);
  const after = await Customer.find({ _id: op.in(cases.map((c) => c.customer._id)) }).lean();
  expect(after.map((c) => String(c.advisorId))).toEqual(Array(PAIRS).fill(assigned.id));
  // The binding itself went through for everyone, and the scanned advisor is the referrer.
  expect(after.every((c) => c.ownerId !== null && String(c.referrerAdvisorId) === scanned.id)).toBe(true);
});

test('an archive without an advisor gets the scanned advisor', async () => {
  const dealership = await makeDealership();
  const scanned = await makeStaff('advisor', dealership._id);
  const customer = await makeCustomer(dealership._id, { advisorId: null });
  await boundOwner(ctx, dealership.code, customer.mobile!, scanned.advisorCode);
  expect(String((await Customer.findById(customer._id).lean())!.advisorId)).toBe(scanned.id);
});
