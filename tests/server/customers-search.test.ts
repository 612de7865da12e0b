import { Types } from 'mongoose';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { startTestApp, type TestContext } from '../support/harness';
import {
  makeCustomer,
  makeDealership,
  makeServiceRecord,
  makeStaff,
  makeVehicle
} from '../support/factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

interface Item {
  id: string;
  name: string;
}
const names = (body: { items: Item[] }) => body.items.map((i) => i.name).sort();

/** One dealership with a few distinguishable customers (updatedAt fixes the list order). */
async function world() {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const advisor = await makeStaff('advisor', dealership._id, '刘顾问');
  const at = (min: number) => new Date(Date.UTC(2025, 0, 1, 0, min));
  const a = await makeCustomer(dealership._id, {
    name: '王小明',
    mobile: '13912340001',
    tags: ['A级'],
    advisorId: advisor.id,
    ownerId: new Types.ObjectId(),
    updatedAt: at(3)
  });
  const b = await makeCustomer(dealership._id, { name: '王大明', mobile: '13712340002', updatedAt: at(2) });
  const c = await makeCustomer(dealership._id, {
    name: '李四',
    mobile: '13912349999',
    isProspect: true,
    updatedAt: at(1)
  });
  const va = await makeVehicle(a, { plate: '粤B11111', vin: 'LSVAU218XN2183294' });
  await makeVehicle(a, { plate: '粤B11112', vin: null });
  await makeVehicle(c, { plate: '粤B22222', vin: 'LSVAU2182N2ABC123' });
  await makeServiceRecord(va, { serviceDate: '2025-04-01' });
  await makeServiceRecord(va, { serviceDate: '2024-11-11' });
  // Another dealership's customer with the same name, mobile prefix and plate tail must never show.
  const elsewhere = await makeDealership();
  const x = await makeCustomer(elsewhere._id, { name: '王小明', mobile: '13912340001' });
  await makeVehicle(x, { plate: '粤C11111' });
  return { dealership, manager, advisor, a, b, c };
}

describe('GET /api/customers', () => {
  test('search by name, mobile, plate and VIN tail, within the dealership', async () => {
    const { manager } = await world();
    const search = async (q: string) =>
      (await ctx.http().get('/api/customers').query({ q }).set(manager.auth).expect(200)).body;

    expect(names(await search('王'))).toEqual(['王大明', '王小明']);
    expect(names(await search('小明'))).toEqual(['王小明']);
    expect(names(await search('1391234'))).toEqual(['李四', '王小明']);
    expect(names(await search('139 1234 0001'))).toEqual(['王小明']);
    expect(names(await search('粤b·11111'))).toEqual(['王小明']);
    expect(names(await search('B22222'))).toEqual(['李四']);
    expect(names(await search('abc123'))).toEqual(['李四']);
    expect(names(await search('LSVAU218XN2183294'))).toEqual(['王小明']);
    // Search text is matched literally: regex syntax is neither a wildcard nor an error.
    expect((await search('.*')).total).toBe(0);
    expect((await search('王(')).total).toBe(0);
    expect((await search('139')).total).toBe(0);
  });

  test('list items: masked mobile, advisor, vehicle count, latest service, bound; newest-updated first', async () => {
    const { manager, advisor } = await world();
    const res = await ctx.http().get('/api/customers').set(manager.auth).expect(200);
    expect(res.body.total).toBe(3);
    expect(res.body.items.map((i: Item) => i.name)).toEqual(['王小明', '王大明', '李四']);
    expect(res.body.items[0]).toEqual({
      id: expect.any(String),
      name: '王小明',
      mobileMasked: '139****0001',
      advisor: { id: advisor.id, name: '刘顾问' },
      tags: ['A级'],
      vehicleCount: 2,
      lastServiceDate: '2025-04-01',
      bound: true,
      isProspect: false
    });
    expect(res.body.items[2]).toMatchObject({
      name: '李四',
      vehicleCount: 1,
      lastServiceDate: null,
      advisor: null,
      bound: false,
      isProspect: true
    });
    expect(JSON.stringify(res.body)).not.toContain('13912340001');
  });

  test('filters by tag and advisor (or unassigned)', async () => {
    const { manager, advisor } = await world();
    const get = async (query: Record<string, string>) =>
      (await ctx.http().get('/api/customers').query(query).set(manager.auth).expect(200)).body;
    expect(names(await get({ tag: 'A级' }))).toEqual(['王小明']);
    expect(names(await get({ advisorId: advisor.id }))).toEqual(['王小明']);
    expect(names(await get({ advisorId: 'none' }))).toEqual(['李四', '王大明']);
    expect(names(await get({ q: '王', advisorId: 'none' }))).toEqual(['王大明']);
  });

  test('pagination reports the total and pages through in order', async () => {
    const dealership = await makeDealership();
    const manager = await makeStaff('manager', dealership._id);
    for (let i = 0; i < 25; i++) {
      await makeCustomer(dealership._id, {
        name: `分页${String(i).padStart(2, '0')}`,
        tags: ['page'],
        updatedAt: new Date(Date.UTC(2025, 0, 1, 0, i))
      });
    }
    const page = async (n: number) =>
      (
        await ctx
          .http()
          .get('/api/customers')
          .query({ tag: 'page', page: n, pageSize: 10 })
          .set(manager.auth)
          .expect(200)
      ).body;
    const [p1, p3, p4] = [await page(1), await page(3), await page(4)];
    expect(p1).toMatchObject({ total: 25, page: 1, pageSize: 10 });
    expect(p1.items.map((i: Item) => i.name).slice(0, 2)).toEqual(['分页24', '分页23']);
    expect(p3.items.map((i: Item) => i.name)).toEqual(['分页04', '分页03', '分页02', '分页01', '分页00']);
    expect(p4.items).toEqual([]);
    const tooBig = await ctx.http().get('/api/customers').query({ pageSize: 1000 }).set(manager.auth);
    expect(tooBig.status).toBe(400);
    expect(await Customer.countDocuments({ dealershipId: dealership._id })).toBe(25);
  });
});
