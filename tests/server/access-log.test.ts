import { clock } from '../../server/src/lib/clock';
import { startTestApp, type TestContext } from '../support/harness';
import { makeCustomer, makeDealership, makeStaff } from '../support/factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());
afterEach(() => clock.set(null));

interface Entry {
  action: string;
  staff: { id: string; name: string };
  customer: { id: string; name: string } | null;
  detail: string;
  at: string;
}

/** Views and exports at known times (Asia/Shanghai dates noted). */
async function history() {
  const x = await makeDealership('X店');
  const y = await makeDealership('Y店');
  const manager = await makeStaff('manager', x._id, '赵经理');
  const advisor = await makeStaff('advisor', x._id, '王顾问');
  const marketing = await makeStaff('marketing', x._id, '市场小李');
  const managerY = await makeStaff('manager', y._id, 'Y经理');
  const admin = await makeStaff('group_admin', null, '集团管理员');
  const zhang = await makeCustomer(x._id, { name: '张三', advisorId: advisor.id, tags: ['vip'] });
  const li = await makeCustomer(x._id, { name: '李四', tags: ['vip'] });
  const yCustomer = await makeCustomer(y._id, { name: 'Y客户' });

  const at = (iso: string) => clock.set(() => new Date(iso));
  at('2025-03-01T02:00:00Z'); // 3月1日 10:00
  await ctx.http().get(`/api/customers/${zhang._id}`).set(advisor.auth).expect(200);
  at('2025-03-01T17:00:00Z'); // 3月2日 01:00 in Shanghai
  await ctx.http().get(`/api/customers/${zhang._id}`).set(manager.auth).expect(200);
  at('2025-03-02T03:00:00Z');
  await ctx.http().get(`/api/customers/${li._id}`).set(manager.auth).expect(200);
  at('2025-03-03T03:00:00Z');
  await ctx.http().get('/api/customers/export.csv').query({ tag: 'vip' }).set(marketing.auth).expect(200);
  at('2025-03-03T04:00:00Z');
  await ctx.http().get(`/api/customers/${yCustomer._id}`).set(managerY.auth).expect(200);
  // Refused views leave no trace.
  await ctx.http().get(`/api/customers/${li._id}`).set(advisor.auth).expect(404);
  await ctx.http().get(`/api/customers/${zhang._id}`).set(managerY.auth).expect(404);
  clock.set(null);
  return { x, y, manager, advisor, marketing, managerY, admin, zhang, li };
}

const get = async (auth: Record<string, string>, query: Record<string, string> = {}) =>
  (await ctx.http().get('/api/access-log').query(query).set(auth).expect(200)).body as {
    items: Entry[];
    total: number;
  };

describe('GET /api/access-log', () => {
  test("a manager reviews their dealership's views and exports, newest first, with filters", async () => {
    const h = await history();
    const all = await get(h.manager.auth);
    expect(all.total).toBe(4);
    expect(all.items.map((e) => [e.action, e.staff.name, e.customer?.name ?? null])).toEqual([
      ['export', '市场小李', null],
      ['view', '赵经理', '李四'],
      ['view', '赵经理', '张三'],
      ['view', '王顾问', '张三']
    ]);
    expect(JSON.parse(all.items[0].detail)).toEqual({ filter: { tag: 'vip' }, rows: 2, complete: true });

    const zhang = await get(h.manager.auth, { customerId: String(h.zhang._id) });
    expect(zhang.items.map((e) => e.staff.name)).toEqual(['赵经理', '王顾问']);
    const byAdvisor = await get(h.manager.auth, { staffId: h.advisor.id });
    expect(byAdvisor.total).toBe(1);
    const exports = await get(h.manager.auth, { action: 'export' });
    expect(exports.items.map((e) => e.staff.name)).toEqual(['市场小李']);
    // Days are Shanghai calendar days: 17:00Z on 1 March is already 2 March there.
    const march2 = await get(h.manager.auth, { from: '2025-03-02', to: '2025-03-02' });
    expect(march2.items.map((e) => e.customer?.name)).toEqual(['李四', '张三']);
    const paged = await get(h.manager.auth, { page: '2', pageSize: '3' });
    expect(paged.total).toBe(4);
    expect(paged.items).toHaveLength(1);
  });

  test('advisors and marketing cannot read it; managers only their own dealership; the group admin all', async () => {
    const h = await history();
    for (const staff of [h.advisor, h.marketing]) {
      const res = await ctx.http().get('/api/access-log').set(staff.auth);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    const yOnly = await get(h.managerY.auth);
    expect(yOnly.items.map((e) => e.customer?.name)).toEqual(['Y客户']);
    const sneaky = await ctx
      .http()
      .get('/api/access-log')
      .query({ dealershipId: String(h.x._id) })
      .set(h.managerY.auth);
    expect(sneaky.status).toBe(403);

    const everything = await get(h.admin.auth, { from: '2025-03-01', to: '2025-03-03' });
    const names = everything.items.map((e) => e.customer?.name ?? e.action);
    expect(names).toEqual(expect.arrayContaining(['Y客户', '张三', '李四', 'export']));
    const justX = await get(h.admin.auth, { dealershipId: String(h.x._id) });
    expect(justX.total).toBe(4);
  });
});
