import { Booking } from '../../server/src/modules/bookings/booking.model';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { Dealership } from '../../server/src/modules/dealerships/dealership.model';
import { Vehicle } from '../../server/src/modules/vehicles/vehicle.model';
import { bookDemoVisits } from '../../scripts/demo/demo-bookings';
import { DEMO_DEALER_CODE, DEMO_OWNER } from '../../scripts/demo/seed-demo';
import { seededDemoApp } from '../support/demo';
import { boundOwner } from '../support/factories';

/** The demo's upcoming visits: booked through the booking service, shown to the visitor once they add the car. */
const app = seededDemoApp('2026-12-07');

test("the demo visitor's cars get upcoming visits by their advisor, once, and the visitor sees them after binding", async () => {
  const ctx = app();
  const dealership = await Dealership.findOne({ code: DEMO_DEALER_CODE }).lean();
  const visitor = await Customer.findOne({ mobile: DEMO_OWNER.mobile }).lean();
  const cars = await Vehicle.countDocuments({ customerId: visitor!._id });
  const expected = Math.min(cars, 2);
  expect(await bookDemoVisits(dealership!._id)).toBe(expected);
  // A second start books nothing more.
  expect(await bookDemoVisits(dealership!._id)).toBe(0);
  expect(await Booking.countDocuments({ customerId: visitor!._id })).toBe(expected);

  // The visitor binds with the demo phone number and adds the car, as the README says.
  const owner = await boundOwner(ctx, DEMO_DEALER_CODE, DEMO_OWNER.mobile);
  await ctx
    .http()
    .post('/api/owner/vehicles/claim')
    .set(owner.auth)
    .send({
      dealershipId: String(dealership!._id),
      plate: DEMO_OWNER.plate,
      vinLast6: DEMO_OWNER.vin.slice(-6)
    })
    .expect(200);
  const mine = await ctx.http().get('/api/owner/bookings').set(owner.auth).expect(200);
  expect(mine.body.items).toHaveLength(1); // the claimed car's visit
  expect(mine.body.items[0]).toMatchObject({
    serviceType: 'regular_maintenance',
    day: '2026-12-09',
    blockId: '0830-1000',
    status: 'booked',
    bookedBy: 'staff',
    vehicle: { plate: DEMO_OWNER.plate },
    advisor: { id: String(visitor!.advisorId) }
  });
  expect(mine.body.items[0].checkInCode).toMatch(/^[A-Z2-9]{8}$/);
});
