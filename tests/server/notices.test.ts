import { Types } from 'mongoose';
import { clock } from '../../server/src/lib/clock';
import { Notice } from '../../server/src/modules/notices/notice.model';
import { notifyOwner } from '../../server/src/modules/notices/notice.service';
import { startTestApp, type TestContext } from '../support/harness';
import { loginOwner, makeDealership, makeStaff } from '../support/factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());
afterEach(() => clock.set(null));

async function send(ownerId: string, dealershipId: Types.ObjectId, key: string, at: string) {
  clock.set(() => new Date(at));
  return notifyOwner({
    ownerId,
    dealershipId,
    kind: 'advisor_changed',
    title: `标题${key}`,
    body: `内容${key}`,
    dedupeKey: key
  });
}

describe('owner notices', () => {
  test('an owner sees only their own notices, newest first, and marks them read', async () => {
    const dealership = await makeDealership();
    const alice = await loginOwner(ctx);
    const bob = await loginOwner(ctx);
    expect(await send(alice.ownerId, dealership._id, 'n1', '2025-05-01T00:00:00Z')).toBe(true);
    expect(await send(alice.ownerId, dealership._id, 'n2', '2025-05-02T00:00:00Z')).toBe(true);
    expect(await send(bob.ownerId, dealership._id, 'n3', '2025-05-03T00:00:00Z')).toBe(true);
    // The same dedupeKey is delivered once.
    expect(await send(alice.ownerId, dealership._id, 'n1', '2025-05-04T00:00:00Z')).toBe(false);
    clock.set(null);

    const inbox = await ctx.http().get('/api/owner/notices').set(alice.auth).expect(200);
    expect(inbox.body).toMatchObject({ total: 2, unread: 2, page: 1 });
    expect(inbox.body.items.map((n: { title: string }) => n.title)).toEqual(['标题n2', '标题n1']);
    const firstPage = await ctx
      .http()
      .get('/api/owner/notices')
      .query({ pageSize: 1 })
      .set(alice.auth)
      .expect(200);
    expect(firstPage.body.items).toHaveLength(1);
    expect(firstPage.body.total).toBe(2);

    const id = inbox.body.items[0].id as string;
    const read = await ctx.http().post(`/api/owner/notices/${id}/read`).set(alice.auth).expect(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    const twice = await ctx.http().post(`/api/owner/notices/${id}/read`).set(alice.auth).expect(200);
    expect(twice.body.readAt).toBe(read.body.readAt);
    expect((await ctx.http().get('/api/owner/notices').set(alice.auth).expect(200)).body.unread).toBe(1);

    // Bob can neither see nor mark Alice's notice.
    const bobs = await ctx.http().get('/api/owner/notices').set(bob.auth).expect(200);
    expect(bobs.body.items.map((n: { title: string }) => n.title)).toEqual(['标题n3']);
    const other = await Notice.findOne({ dedupeKey: 'n1' }).lean();
    const steal = await ctx.http().post(`/api/owner/notices/${other!._id}/read`).set(bob.auth);
    expect(steal.status).toBe(404);
    expect(steal.body.error.code).toBe('NOTICE_NOT_FOUND');
    expect((await Notice.findById(other!._id).lean())!.readAt).toBeNull();
  });

  test('staff tokens and anonymous callers cannot use the owner inbox', async () => {
    const dealership = await makeDealership();
    const manager = await makeStaff('manager', dealership._id);
    const staff = await ctx.http().get('/api/owner/notices').set(manager.auth);
    expect(staff.status).toBe(403);
    expect((await ctx.http().get('/api/owner/notices')).status).toBe(401);
    const owner = await loginOwner(ctx);
    const bad = await ctx.http().post('/api/owner/notices/nope/read').set(owner.auth);
    expect(bad.status).toBe(400);
    const unknown = await ctx
      .http()
      .get('/api/owner/notices')
      .query({ ownerId: new Types.ObjectId().toHexString() })
      .set(owner.auth);
    expect(unknown.status).toBe(400);
  });

  test('a notice may lead to a page (a reminder opens the booking page); others carry none', async () => {
    const dealership = await makeDealership();
    const owner = await loginOwner(ctx);
    const page =
      '/pages/owner/booking/index?vehicleId=64b000000000000000000001&serviceType=regular_maintenance';
    await notifyOwner({
      ownerId: owner.ownerId,
      dealershipId: dealership._id,
      kind: 'due_reminder',
      title: '定期保养提醒',
      body: '您的爱车即将到保养时间',
      page,
      dedupeKey: `page-${owner.ownerId}`
    });
    await send(owner.ownerId, dealership._id, `plain-${owner.ownerId}`, '2020-01-01T00:00:00Z');
    clock.set(null);
    const inbox = await ctx.http().get('/api/owner/notices').set(owner.auth).expect(200);
    expect(inbox.body.items.map((n: { title: string; page: string | null }) => [n.title, n.page])).toEqual([
      ['定期保养提醒', page],
      [`标题plain-${owner.ownerId}`, null]
    ]);
    const read = await ctx
      .http()
      .post(`/api/owner/notices/${inbox.body.items[0].id}/read`)
      .set(owner.auth)
      .expect(200);
    expect(read.body.page).toBe(page);
  });
});
