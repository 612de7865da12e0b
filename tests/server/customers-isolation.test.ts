import { AccessLog } from '../../server/src/modules/access-log/access-log.model';
import { Contact } from '../../server/src/modules/contacts/contact.model';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { Vehicle } from '../../server/src/modules/vehicles/vehicle.model';
import { startTestApp, type TestContext } from '../support/harness';
import { loginOwner, makeCustomer, makeDealership, makeStaff, makeVehicle } from '../support/factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

/** Dealership X with two advisors and marketing; dealership Y with its own manager and customer. */
async function twoStores() {
  const x = await makeDealership('X店');
  const y = await makeDealership('Y店');
  const managerX = await makeStaff('manager', x._id);
  const advisor1 = await makeStaff('advisor', x._id);
  const advisor2 = await makeStaff('advisor', x._id);
  const marketingX = await makeStaff('marketing', x._id);
  const managerY = await makeStaff('manager', y._id);
  const admin = await makeStaff('group_admin', null);
  const mine = await makeCustomer(x._id, { name: '顾问一的客户', advisorId: advisor1.id });
  const unassigned = await makeCustomer(x._id, { name: '未分配客户' });
  const keyCustomer = await makeCustomer(x._id, {
    name: '重点客户',
    advisorId: advisor2.id,
    secondContactId: advisor1.id
  });
  const foreign = await makeCustomer(y._id, { name: 'Y店客户', notes: '原始备注' });
  const foreignVehicle = await makeVehicle(foreign, { plate: '京A88888' });
  return {
    x,
    y,
    managerX,
    advisor1,
    advisor2,
    marketingX,
    managerY,
    admin,
    mine,
    unassigned,
    keyCustomer,
    foreign,
    foreignVehicle
  };
}

const viewsOf = (customerId: unknown) => AccessLog.countDocuments({ customerId });

describe('who sees which archive', () => {
  test('an advisor sees only the customers assigned to them (as advisor or second contact)', async () => {
    const w = await twoStores();
    const list = await ctx.http().get('/api/customers').set(w.advisor1.auth).expect(200);
    expect(list.body.items.map((i: { name: string }) => i.name).sort()).toEqual(
      ['重点客户', '顾问一的客户'].sort()
    );
    expect(list.body.total).toBe(2);

    await ctx.http().get(`/api/customers/${w.mine._id}`).set(w.advisor1.auth).expect(200);
    await ctx.http().get(`/api/customers/${w.keyCustomer._id}`).set(w.advisor1.auth).expect(200);
    const refused = await ctx.http().get(`/api/customers/${w.unassigned._id}`).set(w.advisor1.auth);
    expect(refused.status).toBe(404);
    expect(refused.body.error.code).toBe('CUSTOMER_NOT_FOUND');
    expect(await viewsOf(w.unassigned._id)).toBe(0);
    expect(await viewsOf(w.mine._id)).toBe(1);

    const edit = await ctx
      .http()
      .patch(`/api/customers/${w.unassigned._id}`)
      .set(w.advisor1.auth)
      .send({ notes: '偷改' });
    expect(edit.status).toBe(404);
    const contact = await ctx
      .http()
      .post(`/api/customers/${w.unassigned._id}/contacts`)
      .set(w.advisor1.auth)
      .send({ channel: 'phone', outcome: '未接' });
    expect(contact.status).toBe(404);
    expect(await Contact.countDocuments({ customerId: w.unassigned._id })).toBe(0);
    expect((await Customer.findById(w.unassigned._id).lean())!.notes).toBe('');
  });

  test("staff of dealership X cannot read or change dealership Y's archive, vehicles or contacts", async () => {
    const w = await twoStores();
    for (const staff of [w.managerX, w.marketingX, w.advisor1]) {
      const view = await ctx.http().get(`/api/customers/${w.foreign._id}`).set(staff.auth);
      expect(view.status).toBe(404);
      expect(view.body.error.code).toBe('CUSTOMER_NOT_FOUND');
    }
    const m = w.managerX.auth;
    expect(
      (await ctx.http().patch(`/api/customers/${w.foreign._id}`).set(m).send({ notes: '改' })).status
    ).toBe(404);
    expect(
      (await ctx.http().post(`/api/customers/${w.foreign._id}/vehicles`).set(m).send({ plate: '京A99999' }))
        .status
    ).toBe(404);
    expect(
      (
        await ctx
          .http()
          .post(`/api/customers/${w.foreign._id}/contacts`)
          .set(m)
          .send({ channel: 'sms', outcome: '已发' })
      ).status
    ).toBe(404);
    const vehicleEdit = await ctx
      .http()
      .patch(`/api/vehicles/${w.foreignVehicle._id}`)
      .set(m)
      .send({ mileageKm: 1 });
    expect(vehicleEdit.status).toBe(404);
    expect(vehicleEdit.body.error.code).toBe('VEHICLE_NOT_FOUND');

    const list = await ctx.http().get('/api/customers').query({ q: 'Y店' }).set(m).expect(200);
    expect(list.body.total).toBe(0);
    const byPlate = await ctx.http().get('/api/customers').query({ q: '京A88888' }).set(m).expect(200);
    expect(byPlate.body.total).toBe(0);
    const otherStore = await ctx
      .http()
      .get('/api/customers')
      .query({ dealershipId: String(w.y._id) })
      .set(m);
    expect(otherStore.status).toBe(403);
    const csv = await ctx.http().get('/api/customers/export.csv').set(m).expect(200);
    expect(csv.text).not.toContain('Y店客户');

    expect(await Customer.findById(w.foreign._id).lean()).toMatchObject({ notes: '原始备注' });
    expect(await Vehicle.countDocuments({ customerId: w.foreign._id })).toBe(1);
    expect(await Vehicle.findById(w.foreignVehicle._id).lean()).toMatchObject({ mileageKm: 20000 });
    expect(await Contact.countDocuments({ customerId: w.foreign._id })).toBe(0);
    expect(await viewsOf(w.foreign._id)).toBe(0);
  });

  test('managers and marketing see their whole dealership; the group admin sees all, or one dealership', async () => {
    const w = await twoStores();
    for (const staff of [w.managerX, w.marketingX]) {
      const list = await ctx.http().get('/api/customers').set(staff.auth).expect(200);
      expect(list.body.total).toBe(3);
      await ctx.http().get(`/api/customers/${w.unassigned._id}`).set(staff.auth).expect(200);
    }
    const all = await ctx.http().get('/api/customers').query({ q: '客户' }).set(w.admin.auth).expect(200);
    expect(all.body.items.map((i: { name: string }) => i.name)).toEqual(
      expect.arrayContaining(['Y店客户', '未分配客户'])
    );
    const onlyY = await ctx
      .http()
      .get('/api/customers')
      .query({ dealershipId: String(w.y._id) })
      .set(w.admin.auth)
      .expect(200);
    expect(onlyY.body.items.map((i: { name: string }) => i.name)).toEqual(['Y店客户']);
    const archive = await ctx.http().get(`/api/customers/${w.foreign._id}`).set(w.admin.auth).expect(200);
    expect(archive.body.vehicles).toHaveLength(1);
    expect(await AccessLog.findOne({ customerId: w.foreign._id }).lean()).toMatchObject({
      action: 'view',
      staffId: expect.anything(),
      dealershipId: w.y._id
    });
  });

  test('an owner token on staff routes is 403, no token 401; nothing is logged', async () => {
    const w = await twoStores();
    const owner = await loginOwner(ctx);
    const attempts = [
      ctx.http().get('/api/customers').set(owner.auth),
      ctx.http().get(`/api/customers/${w.mine._id}`).set(owner.auth),
      ctx.http().patch(`/api/customers/${w.mine._id}`).set(owner.auth).send({ notes: 'x' }),
      ctx
        .http()
        .post(`/api/customers/${w.mine._id}/contacts`)
        .set(owner.auth)
        .send({ channel: 'phone', outcome: 'x' }),
      ctx.http().get('/api/customers/export.csv').set(owner.auth),
      ctx.http().get('/api/access-log').set(owner.auth),
      ctx
        .http()
        .post('/api/customers/reassign')
        .set(owner.auth)
        .send({ fromAdvisorId: w.advisor1.id, toAdvisorId: w.advisor2.id })
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    const anonymous = await ctx.http().get(`/api/customers/${w.mine._id}`);
    expect(anonymous.status).toBe(401);
    expect(await viewsOf(w.mine._id)).toBe(0);
    expect((await Customer.findById(w.mine._id).lean())!.notes).toBe('');
    expect(String((await Customer.findById(w.mine._id).lean())!.advisorId)).toBe(w.advisor1.id);
  });
});
