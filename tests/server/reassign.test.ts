import mongoose, { Types } from 'mongoose';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { Notice } from '../../server/src/modules/notices/notice.model';
import { updateStaff } from '../../server/src/modules/staff/staff.service';
import { startTestApp, type TestContext } from '../support/harness';
import { loginOwner, makeCustomer, makeDealership, makeStaff } from '../support/factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

/** Advisor 王 leaves: three of their customers (two bound to WeChat owners), one of 陈's. */
async function leavingAdvisor() {
  const dealership = await makeDealership('佛山测试4S店');
  const manager = await makeStaff('manager', dealership._id);
  const from = await makeStaff('advisor', dealership._id, '王顾问');
  const to = await makeStaff('advisor', dealership._id, '李顾问');
  const other = await makeStaff('advisor', dealership._id, '陈顾问');
  const owner1 = await loginOwner(ctx);
  const owner2 = await loginOwner(ctx);
  const bound1 = await makeCustomer(dealership._id, {
    name: '绑定一',
    advisorId: from.id,
    ownerId: new Types.ObjectId(owner1.ownerId)
  });
  const bound2 = await makeCustomer(dealership._id, {
    name: '绑定二',
    advisorId: from.id,
    ownerId: new Types.ObjectId(owner2.ownerId)
  });
  const plain = await makeCustomer(dealership._id, { name: '未绑定', advisorId: from.id });
  const others = await makeCustomer(dealership._id, { name: '陈的客户', advisorId: other.id });
  return { dealership, manager, from, to, other, owner1, owner2, bound1, bound2, plain, others };
}

const advisorOf = async (c: { _id: Types.ObjectId }) =>
  String((await Customer.findById(c._id).lean())!.advisorId);
const reassign = (auth: Record<string, string>, body: object) =>
  ctx.http().post('/api/customers/reassign').set(auth).send(body);

describe('POST /api/customers/reassign', () => {
  test("moves exactly the from-advisor's customers and tells each bound owner once, even on retry", async () => {
    const w = await leavingAdvisor();
    const body = { fromAdvisorId: w.from.id, toAdvisorId: w.to.id, batchId: 'batch-0001-abc' };
    const first = await reassign(w.manager.auth, body).expect(200);
    expect(first.body).toEqual({ batchId: 'batch-0001-abc', moved: 3, notified: 2 });
    for (const c of [w.bound1, w.bound2, w.plain]) expect(await advisorOf(c)).toBe(w.to.id);
    expect(await advisorOf(w.others)).toBe(w.other.id);

    // The owner sees the notice in their inbox, naming the new advisor.
    const inbox = await ctx.http().get('/api/owner/notices').set(w.owner1.auth).expect(200);
    expect(inbox.body).toMatchObject({ total: 1, unread: 1 });
    expect(inbox.body.items[0]).toMatchObject({
      kind: 'advisor_changed',
      title: '服务顾问变更通知',
      dealershipId: String(w.dealership._id),
      readAt: null
    });
    expect(inbox.body.items[0].body).toContain('李顾问');
    expect(inbox.body.items[0].body).toContain('佛山测试4S店');

    // A retry (lost response) and a burst of double-taps answer the same and add nothing.
    const again = await reassign(w.manager.auth, body).expect(200);
    expect(again.body).toEqual(first.body);
    const burst = await Promise.all(Array.from({ length: 5 }, () => reassign(w.manager.auth, body)));
    expect(burst.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(
      await Notice.countDocuments({ customerId: mongoose.trusted({ $in: [w.bound1._id, w.bound2._id] }) })
    ).toBe(2);
    expect(await Notice.countDocuments({ ownerId: new Types.ObjectId(w.owner1.ownerId) })).toBe(1);
  });

  test('concurrent first submissions of one batch deliver each notice once', async () => {
    const w = await leavingAdvisor();
    const body = { fromAdvisorId: w.from.id, toAdvisorId: w.to.id, batchId: 'tap-tap-tap-1' };
    const results = await Promise.all(Array.from({ length: 8 }, () => reassign(w.manager.auth, body)));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    for (const r of results) expect(r.body).toMatchObject({ moved: 3, notified: 2 });
    expect(await Notice.countDocuments({ ownerId: new Types.ObjectId(w.owner1.ownerId) })).toBe(1);
    expect(await Notice.countDocuments({ ownerId: new Types.ObjectId(w.owner2.ownerId) })).toBe(1);
  });

  test('only the listed customers of the from-advisor move; a new batch notifies again', async () => {
    const w = await leavingAdvisor();
    const res = await reassign(w.manager.auth, {
      fromAdvisorId: w.from.id,
      toAdvisorId: w.to.id,
      customerIds: [String(w.bound1._id), String(w.others._id)]
    }).expect(200);
    expect(res.body).toMatchObject({ moved: 1, notified: 1 });
    expect(res.body.batchId).toEqual(expect.any(String));
    expect(await advisorOf(w.bound1)).toBe(w.to.id);
    expect(await advisorOf(w.bound2)).toBe(w.from.id);
    expect(await advisorOf(w.others)).toBe(w.other.id);

    const back = await reassign(w.manager.auth, { fromAdvisorId: w.to.id, toAdvisorId: w.other.id }).expect(
      200
    );
    expect(back.body).toMatchObject({ moved: 1, notified: 1 });
    const inbox = await ctx.http().get('/api/owner/notices').set(w.owner1.auth).expect(200);
    expect(inbox.body.items.map((n: { body: string }) => n.body.includes('陈顾问'))).toEqual([true, false]);
  });

  test('refusals: wrong role, advisors outside the dealership, disabled advisor, same advisor, reused batch id', async () => {
    const w = await leavingAdvisor();
    const elsewhere = await makeDealership();
    const foreign = await makeStaff('advisor', elsewhere._id);
    const foreignManager = await makeStaff('manager', elsewhere._id);
    const marketing = await makeStaff('marketing', w.dealership._id);
    const body = { fromAdvisorId: w.from.id, toAdvisorId: w.to.id };

    for (const staff of [w.from, marketing]) {
      const res = await reassign(staff.auth, body);
      expect(res.status).toBe(403);
    }
    const crossStore = await reassign(foreignManager.auth, body);
    expect(crossStore.status).toBe(422);
    expect(crossStore.body.error.details.field).toBe('body.fromAdvisorId');
    const toForeign = await reassign(w.manager.auth, { ...body, toAdvisorId: foreign.id });
    expect(toForeign.status).toBe(422);
    expect(toForeign.body.error).toMatchObject({
      code: 'INVALID_ADVISOR',
      details: { field: 'body.toAdvisorId' }
    });
    await updateStaff(w.other.id, { disabled: true });
    expect((await reassign(w.manager.auth, { ...body, toAdvisorId: w.other.id })).status).toBe(422);
    const toManager = await reassign(w.manager.auth, { ...body, toAdvisorId: w.manager.id });
    expect(toManager.status).toBe(422);
    const same = await reassign(w.manager.auth, { fromAdvisorId: w.from.id, toAdvisorId: w.from.id });
    expect(same.status).toBe(400);
    expect(same.body.error.details.issues[0].path).toBe('body.toAdvisorId');
    expect((await reassign(w.manager.auth, { ...body, batchId: 'x' })).status).toBe(400);

    await reassign(w.manager.auth, {
      ...body,
      customerIds: [String(w.plain._id)],
      batchId: 'reuse-me-123'
    }).expect(200);
    const reused = await reassign(w.manager.auth, {
      fromAdvisorId: w.to.id,
      toAdvisorId: w.from.id,
      batchId: 'reuse-me-123'
    });
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('BATCH_ID_REUSED');

    expect(await advisorOf(w.bound1)).toBe(w.from.id);
    expect(await advisorOf(w.plain)).toBe(w.to.id);
    expect(await Notice.countDocuments({ ownerId: new Types.ObjectId(w.owner1.ownerId) })).toBe(0);
  });
});
