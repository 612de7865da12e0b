import { Customer } from '../../server/src/modules/customers/customer.model';
import { Dealership } from '../../server/src/modules/dealerships/dealership.model';
import { Vehicle } from '../../server/src/modules/vehicles/vehicle.model';
import { ServiceRecord } from '../../server/src/modules/vehicles/service-record.model';
import { creditDemoVisitor, stockDemoShop } from '../../scripts/demo/demo-points';
import { DEMO_DEALER_CODE, DEMO_OWNER } from '../../scripts/demo/seed-demo';
import { seededDemoApp } from '../support/demo';
import { boundOwner } from '../support/factories';

/** The demo's rewards shop and the demo visitor's points: made through the points services, once. */
const app = seededDemoApp('2026-12-07');

test('the shop is stocked once and the visitor, once bound, sees the points of their last year of repair orders', async () => {
  const ctx = app();
  const dealership = (await Dealership.findOne({ code: DEMO_DEALER_CODE }).lean())!;
  const visitor = (await Customer.findOne({ mobile: DEMO_OWNER.mobile }).lean())!;
  // Make sure the visitor has a customer-paid repair order within the year, whatever the generator drew.
  await ServiceRecord.create({
    dealershipId: dealership._id,
    customerId: visitor._id,
    vehicleId: (await Vehicle.findOne({ customerId: visitor._id }).lean())!._id,
    roNumber: 'DEMO-PTS-1',
    serviceDate: '2026-11-20',
    amountFen: 68_000,
    type: 'regular_maintenance',
    paid: true,
    payer: 'customer',
    createdAt: new Date(),
    updatedAt: new Date()
  });

  expect(await stockDemoShop(dealership._id)).toBe(3);
  expect(await stockDemoShop(dealership._id)).toBe(0);
  const credited = await creditDemoVisitor(dealership._id, '2025-12-07');
  expect(credited).toBeGreaterThanOrEqual(680);
  expect(await creditDemoVisitor(dealership._id, '2025-12-07')).toBe(0);

  const owner = await boundOwner(ctx, DEMO_DEALER_CODE, DEMO_OWNER.mobile);
  const mine = await ctx.http().get('/api/points/me').set(owner.auth).expect(200);
  expect(mine.body.accounts).toEqual([
    expect.objectContaining({ dealershipId: String(dealership._id), balance: credited })
  ]);
  const shop = await ctx
    .http()
    .get('/api/points/shop')
    .query({ dealershipId: String(dealership._id) })
    .set(owner.auth)
    .expect(200);
  expect(
    shop.body.items.map((i: { name: string; price: { points: number } }) => [i.name, i.price.points])
  ).toEqual(
    expect.arrayContaining([
      ['免费洗车', 200],
      ['工时8折券', 500],
      ['4 次定保套餐', 3000]
    ])
  );
});
