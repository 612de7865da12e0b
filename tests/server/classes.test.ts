import type { Types } from 'mongoose';
import { classifyCustomers } from '../../server/src/modules/classes/classes.service';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { startTestApp, type TestContext } from '../support/harness';
import { makeCustomer, makeDealership, makeStaff, makeVehicle } from '../support/factories';
import { addVisits, type Visit } from './tiers-fixtures';

/**
 * Lifecycle, service stage, vehicle age, usage and age group on hand-made customers, as of
 * 2025-07-15 with the default settings: at-risk after 6 months, lost after 12 (strictly
 * more), loyal = ≥ 2 paid visits in 12 months and tier A/B, warranty 3 y / 100,000 km,
 * 三包 2 y / 50,000 km, awaiting first maintenance up to 12 months after delivery.
 */

const ASOF = '2025-07-15';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

interface Spec {
  fields?: Record<string, unknown>;
  vehicles?: Array<{ fields?: Record<string, unknown>; visits?: Visit[] }>;
}

async function build(specs: Record<string, Spec>) {
  const d = await makeDealership();
  for (const [name, spec] of Object.entries(specs)) {
    const customer = await makeCustomer(d._id, { name, ...spec.fields });
    for (const v of spec.vehicles ?? []) {
      const vehicle = await makeVehicle(customer, { deliveryDate: null, mileageKm: null, ...v.fields });
      await addVisits(vehicle, v.visits ?? []);
    }
  }
  return d;
}

async function classesOf(dealershipId: Types.ObjectId) {
  const rows = await Customer.find({ dealershipId }).lean();
  return Object.fromEntries(rows.map((r) => [r.name, r]));
}

const paid = (date: string): Visit => ({ date, yuan: 500 });
/** A vehicle delivered long ago (so delivery does not date the relationship) with these visits. */
const car = (visits: Visit[], fields: Record<string, unknown> = {}) => ({
  fields: { deliveryDate: '2015-01-01', ...fields },
  visits
});

test('lifecycle at each boundary: more than 6 months at-risk, more than 12 lost; loyal needs visits and tier', async () => {
  const d = await build({
    'six-months': { vehicles: [car([paid('2025-01-15')])] },
    'six-months-and-a-day': { vehicles: [car([paid('2025-01-14')])] },
    'twelve-months': { vehicles: [car([paid('2024-07-15')])] },
    'twelve-months-and-a-day': { vehicles: [car([paid('2024-07-14')])] },
    loyal: { fields: { tier: 'A' }, vehicles: [car([paid('2024-12-01'), paid('2025-06-01')])] },
    'frequent-but-C': { fields: { tier: 'C' }, vehicles: [car([paid('2024-12-01'), paid('2025-06-01')])] },
    'A-but-once': { fields: { tier: 'A' }, vehicles: [car([paid('2024-06-01'), paid('2025-06-01')])] },
    'unpaid-recently': {
      vehicles: [car([paid('2024-01-10'), { date: '2025-07-01', yuan: 0, paid: false, type: 'warranty' }])]
    },
    'future-visit-ignored': { vehicles: [car([paid('2024-01-10'), paid('2025-08-01')])] },
    'new-buyer': { vehicles: [{ fields: { deliveryDate: '2025-05-01' } }] },
    prospect: { fields: { isProspect: true } },
    unknown: {}
  });
  await classifyCustomers(d._id, ASOF);
  const c = await classesOf(d._id);
  const lifecycles = Object.fromEntries(Object.entries(c).map(([name, row]) => [name, row.lifecycle]));
  expect(lifecycles).toEqual({
    'six-months': 'ordinary',
    'six-months-and-a-day': 'at_risk',
    'twelve-months': 'at_risk',
    'twelve-months-and-a-day': 'lost',
    loyal: 'loyal',
    'frequent-but-C': 'ordinary',
    'A-but-once': 'ordinary',
    'unpaid-recently': 'lost',
    'future-visit-ignored': 'lost',
    'new-buyer': 'ordinary',
    prospect: 'prospect',
    unknown: null
  });
  expect(c['six-months'].lastPaidServiceDate).toBe('2025-01-15');
  expect(c['future-visit-ignored'].lastPaidServiceDate).toBe('2024-01-10');
  expect(c['unpaid-recently'].lastPaidServiceDate).toBe('2024-01-10');
});

test('service stage of the main vehicle (the latest delivered)', async () => {
  const d = await build({
    'delivered-no-visit': { vehicles: [{ fields: { deliveryDate: '2025-03-01' } }] },
    'delivered-repaired': {
      vehicles: [
        {
          fields: { deliveryDate: '2025-03-01' },
          visits: [{ date: '2025-04-01', yuan: 3000, type: 'accident' }]
        }
      ]
    },
    'first-maintenance-done': {
      vehicles: [
        {
          fields: { deliveryDate: '2025-01-01' },
          visits: [{ date: '2025-04-01', yuan: 0, paid: false, type: 'first_maintenance' }]
        }
      ]
    },
    regular: { vehicles: [car([{ date: '2024-05-01', yuan: 600, type: 'regular_maintenance' }])] },
    'repairs-only': { vehicles: [car([{ date: '2024-05-01', yuan: 1600, type: 'general_repair' }])] },
    'long-delivered-never-seen': { vehicles: [car([])] },
    'delivered-12-months-ago': { vehicles: [{ fields: { deliveryDate: '2024-07-15' } }] },
    'delivered-12-months-and-a-day': { vehicles: [{ fields: { deliveryDate: '2024-07-14' } }] },
    'no-vehicle': {},
    // An old car in regular maintenance and a new one just delivered: the new one is the main one.
    'new-car-too': {
      vehicles: [
        car([{ date: '2025-06-01', yuan: 600, type: 'regular_maintenance' }], {
          usage: 'private',
          mileageKm: 90_000
        }),
        { fields: { deliveryDate: '2025-06-20', usage: 'commercial', mileageKm: 300 } }
      ]
    }
  });
  await classifyCustomers(d._id, ASOF);
  const c = await classesOf(d._id);
  expect(Object.fromEntries(Object.entries(c).map(([name, row]) => [name, row.serviceStage]))).toEqual({
    'delivered-no-visit': 'awaiting_first',
    'delivered-repaired': 'awaiting_first',
    'first-maintenance-done': 'regular',
    regular: 'regular',
    'repairs-only': 'repair_only',
    'long-delivered-never-seen': 'none',
    'delivered-12-months-ago': 'awaiting_first',
    'delivered-12-months-and-a-day': 'none',
    'no-vehicle': 'none',
    'new-car-too': 'awaiting_first'
  });
  expect(c['new-car-too']).toMatchObject({ usage: 'commercial', vehicleAge: 'warranty' });
  expect(c['no-vehicle']).toMatchObject({ usage: null, vehicleAge: null });
});

test('vehicle age through warranty and 三包 (time and mileage), and the age group', async () => {
  const v = (fields: Record<string, unknown>) => ({
    vehicles: [{ fields: { usage: 'private', ...fields } }]
  });
  const d = await build({
    'sanbao-last-day': v({ deliveryDate: '2023-07-15', mileageKm: 20_000 }),
    'sanbao-over-by-time': v({ deliveryDate: '2023-07-14', mileageKm: 20_000 }),
    'sanbao-over-by-km': v({ deliveryDate: '2024-07-01', mileageKm: 50_000 }),
    'official-car': v({ deliveryDate: '2025-01-01', mileageKm: 1_000, usage: 'official' }),
    'warranty-over-by-km': v({ deliveryDate: '2024-07-01', mileageKm: 100_000 }),
    'out-by-time': v({ deliveryDate: '2022-07-14', mileageKm: 60_000 }),
    'mileage-unknown': v({ deliveryDate: '2025-01-01', mileageKm: null }),
    'no-delivery-date': v({ deliveryDate: null, mileageKm: 10_000 }),
    'born-1985': { fields: { birthday: { calendar: 'solar', date: '1985-07-01' } } },
    'born-2001': {
      fields: { birthday: { calendar: 'lunar', date: '2001-02-03', lunarMonth: 1, lunarDay: 11 } }
    },
    'born-1955': { fields: { birthday: { calendar: 'solar', date: '1955-03-03' } } },
    'lunar-no-year': { fields: { birthday: { calendar: 'lunar', date: null, lunarMonth: 8, lunarDay: 15 } } }
  });
  await classifyCustomers(d._id, ASOF);
  const c = await classesOf(d._id);
  const ages = Object.fromEntries(
    Object.entries(c)
      .filter(([n]) => !n.startsWith('born') && n !== 'lunar-no-year')
      .map(([n, r]) => [n, r.vehicleAge])
  );
  expect(ages).toEqual({
    'sanbao-last-day': 'sanbao',
    'sanbao-over-by-time': 'warranty',
    'sanbao-over-by-km': 'warranty',
    'official-car': 'warranty',
    'warranty-over-by-km': 'out',
    'out-by-time': 'out',
    'mileage-unknown': 'unknown',
    'no-delivery-date': 'unknown'
  });
  expect([
    c['born-1985'].ageGroup,
    c['born-2001'].ageGroup,
    c['born-1955'].ageGroup,
    c['lunar-no-year'].ageGroup
  ]).toEqual(['80s', '00s', 'other', null]);
});

test('writes only what changed, and the list filters by the result', async () => {
  const d = await build({
    'at-risk': { vehicles: [car([paid('2025-01-01')])] },
    ordinary: { vehicles: [car([paid('2025-07-01')])] }
  });
  expect(await classifyCustomers(d._id, ASOF)).toBe(2);
  const first = await Customer.findOne({ dealershipId: d._id, name: 'at-risk' }).lean();
  expect(first?.classifiedAt).toBeInstanceOf(Date);
  expect(await classifyCustomers(d._id, ASOF)).toBe(0);
  // A month later the ordinary customer is still ordinary; the at-risk one is still at risk.
  expect(await classifyCustomers(d._id, '2025-08-15')).toBe(0);
  // Seven months after its visit the ordinary one is at risk, and the other is lost: two writes.
  expect(await classifyCustomers(d._id, '2026-02-02')).toBe(2);

  const manager = await makeStaff('manager', d._id);
  const list = await ctx
    .http()
    .get('/api/customers')
    .query({ lifecycle: 'at_risk' })
    .set(manager.auth)
    .expect(200);
  expect(list.body.items.map((i: { name: string }) => i.name)).toEqual(['ordinary']);
});
