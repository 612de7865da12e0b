import { makeDealership, makeStaff, type StaffLogin } from '../support/factories';
import { startTestApp, type TestContext } from '../support/harness';
import { customer, maintenance, visit } from './kpis.fixtures';

/** Return rate (回厂率), docs/metrics.md §2: the worked example and the window setting. */

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

async function returnRate(manager: StaffLogin, query: string) {
  const res = await ctx.http().get(`/api/kpis?${query}`).set(manager.auth).expect(200);
  return res.body.kpis.returnRate;
}

async function buildExample(dealershipId: unknown) {
  const id = dealershipId as string;
  const v1 = await customer(id);
  await visit(v1, '2024-09-01', maintenance);
  await visit(v1, '2025-03-30', maintenance); // day 29
  const v2 = await customer(id);
  await visit(v2, '2024-09-01', maintenance);
  await visit(v2, '2025-04-01', maintenance); // day 31
  const v3 = await customer(id);
  await visit(v3, '2024-09-01', maintenance);
  await visit(v3, '2025-03-31'); // day 30, a paid repair
  const v4 = await customer(id, {}, { deliveryDate: '2024-12-10' });
  await visit(v4, '2025-03-12', { type: 'first_maintenance', paid: false }); // free 首保
  const v5 = await customer(id);
  await visit(v5, '2024-09-01', maintenance);
  await visit(v5, '2025-02-20', maintenance); // early: not due in March
  const v6 = await customer(id);
  await visit(v6, '2024-09-01', maintenance);
  await visit(v6, '2025-02-25'); // paid repair before the due day
}

describe('return rate', () => {
  it('day 29 and day 30 are returns, day 31 is not; early service restarts the clock; open windows are pending', async () => {
    const d = await makeDealership();
    const manager = await makeStaff('manager', d._id);
    await buildExample(d._id);

    expect(await returnRate(manager, 'month=2025-03')).toMatchObject({
      label: '回厂率',
      value: 0.5,
      numerator: 2,
      denominator: 4,
      due: 5,
      pending: 1
    });
    // Measured at the end of April, V4's window (to 2025-04-09) is over and it was missed.
    expect(await returnRate(manager, 'from=2025-03-01&to=2025-04-30')).toMatchObject({
      numerator: 2,
      denominator: 5,
      due: 5,
      pending: 0
    });
    // April: V2's visit of 1 April is the next anchor; nothing else falls due in April.
    expect(await returnRate(manager, 'month=2025-04')).toMatchObject({
      value: null,
      numerator: 0,
      denominator: 0,
      due: 0
    });
  });

  it('the window is a setting of the dealership: with 31 days, V2 came back in time', async () => {
    const d = await makeDealership();
    const manager = await makeStaff('manager', d._id);
    await buildExample(d._id);
    await ctx
      .http()
      .patch(`/api/dealerships/${d._id}/settings`)
      .set(manager.auth)
      .send({ kpis: { returnWindowDays: 31 } })
      .expect(200);

    const rate = await returnRate(manager, 'from=2025-03-01&to=2025-04-30');
    expect(rate).toMatchObject({ numerator: 3, denominator: 5, due: 5 });
    expect(rate.hint).toContain('31天');
  });

  it('the first maintenance falls due months after delivery; a maintenance on the delivery day replaces it', async () => {
    const d = await makeDealership();
    const manager = await makeStaff('manager', d._id);
    // Delivered 2024-11-30: due 2025-02-28 (no 30 February), paid 首保 on day 0.
    await visit(await customer(d._id, {}, { deliveryDate: '2024-11-30' }), '2025-02-28', {
      type: 'first_maintenance',
      paid: true
    });
    // Delivered and maintained 2024-08-28: the next due day is 6 months later, 2025-02-28.
    const twice = await customer(d._id, {}, { deliveryDate: '2024-08-28' });
    await visit(twice, '2024-08-28', maintenance);
    // Delivered 2024-11-20: due 2025-02-20, never came back.
    await customer(d._id, {}, { deliveryDate: '2024-11-20' });

    expect(await returnRate(manager, 'month=2025-02')).toMatchObject({
      numerator: 1,
      denominator: 1,
      due: 3,
      pending: 2
    });
    expect(await returnRate(manager, 'from=2025-02-01&to=2025-03-31')).toMatchObject({
      numerator: 1,
      denominator: 3,
      due: 3,
      pending: 0
    });
    // No first-maintenance event 3 months after the 2024-08-28 delivery: that day's maintenance replaced it.
    expect(await returnRate(manager, 'month=2024-11')).toMatchObject({ due: 0 });
  });

  it('a car that drives more than the interval allows falls due by mileage, before its months are up', async () => {
    const d = await makeDealership();
    const manager = await makeStaff('manager', d._id);
    // 定保 at 20,000 km on 2024-09-01, 24,000 km read on 2024-11-01 (65.6 km/day): 25,000 km
    // falls on 2024-11-17, long before the 6 months (2025-03-01). Back for a paid 定保 on day 13.
    const fast = await customer(
      d._id,
      {},
      { mileageKm: 24_000, mileageDate: '2024-11-01', mileageSource: 'staff_edit' }
    );
    await visit(fast, '2024-09-01', { ...maintenance, mileageKm: 20_000 });
    await visit(fast, '2024-11-30', { ...maintenance, mileageKm: 26_000 });
    expect(await returnRate(manager, 'month=2024-11')).toMatchObject({
      numerator: 1,
      denominator: 1,
      due: 1
    });
    // By time alone the 2024-11-30 visit came before 2025-03-01: no due event in March.
    expect(await returnRate(manager, 'month=2025-03')).toMatchObject({ due: 0 });
  });
});
