import { Types } from 'mongoose';
import {
  ClaimDecisionRecord,
  ClaimRequest,
  VehicleHandover
} from '../../server/src/modules/bindings/claim-request.model';
import { VehicleClaim } from '../../server/src/modules/bindings/vehicle-claim.model';
import { Notice } from '../../server/src/modules/notices/notice.model';
import { startTestApp, type TestContext } from '../support/harness';
import {
  boundOwner,
  loginOwner,
  makeCustomer,
  makeDealership,
  makeServiceRecord,
  makeStaff,
  makeVehicle,
  uniqueMobile,
  uniquePlate,
  uniqueVin
} from '../support/factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

type Owner = Awaited<ReturnType<typeof loginOwner>>;

/** A dealership with an archive (mobile, advisor) and its vehicle with history. */
async function setupArchive() {
  const dealership = await makeDealership('深圳测试4S店');
  const advisor = await makeStaff('advisor', dealership._id, '王顾问');
  const manager = await makeStaff('manager', dealership._id, '赵经理');
  const mobile = uniqueMobile();
  const customer = await makeCustomer(dealership._id, {
    name: '陈车主',
    mobile,
    source: 'dms_import',
    advisorId: new Types.ObjectId(advisor.id)
  });
  const plate = uniquePlate();
  const vin = uniqueVin();
  const vehicle = await makeVehicle(customer, { plate, vin });
  await makeServiceRecord(vehicle, { roNumber: `RO-${vin.slice(-6)}`, serviceDate: '2025-04-01' });
  return { dealership, advisor, manager, mobile, customer, vehicle, plate, vinTail: vin.slice(-6) };
}
type Setup = Awaited<ReturnType<typeof setupArchive>>;

const ownerBoundTo = (s: Setup, mobile = uniqueMobile()): Promise<Owner> =>
  boundOwner(ctx, s.dealership.code, mobile);

const claim = (s: Setup, owner: Owner, vinLast6 = s.vinTail) =>
  ctx
    .http()
    .post('/api/owner/vehicles/claim')
    .set(owner.auth)
    .send({ dealershipId: String(s.dealership._id), plate: s.plate, vinLast6 });
const staffDecide = (who: { auth: Record<string, string> }, id: string, decision: string) =>
  ctx.http().post(`/api/vehicle-claims/${id}/decision`).set(who.auth).send({ decision });
const ownerDecide = (who: Owner, id: string, decision: string) =>
  ctx.http().post(`/api/owner/vehicle-claims/${id}/decision`).set(who.auth).send({ decision });
const myVehicleIds = async (owner: Owner) =>
  (await ctx.http().get('/api/owner/vehicles').set(owner.auth).expect(200)).body.items.map(
    (v: { id: string }) => v.id
  );
const inbox = async (owner: Owner) =>
  (
    await Notice.find({ ownerId: new Types.ObjectId(owner.ownerId) })
      .sort({ createdAt: 1 })
      .lean()
  ).map((n) => [n.kind, n.title]);
const myRequests = async (owner: Owner) =>
  (await ctx.http().get('/api/owner/vehicle-claims').set(owner.auth).expect(200)).body.items;

async function pendingClaim(s: Setup, stranger: Owner): Promise<string> {
  const res = await claim(s, stranger).expect(200);
  expect(res.body.outcome).toBe('pending');
  return res.body.request.id as string;
}

describe('a claim on someone else’s vehicle waits for confirmation', () => {
  test('a stranger with plate + VIN-6 does not get the history: the claim is pending', async () => {
    const s = await setupArchive();
    const stranger = await ownerBoundTo(s);
    const res = await claim(s, stranger).expect(200);
    expect(res.body).toEqual({
      outcome: 'pending',
      request: expect.objectContaining({
        dealership: { id: String(s.dealership._id), name: '深圳测试4S店' },
        plate: s.plate,
        status: 'pending',
        statusLabel: '等待门店确认',
        decidedAt: null
      })
    });
    // Nothing of the vehicle leaks in the answer, the list or the detail.
    expect(JSON.stringify(res.body)).not.toContain('帕萨特');
    expect(await myVehicleIds(stranger)).toEqual([]);
    const detail = await ctx
      .http()
      .get(`/api/owner/vehicles/${s.vehicle._id}`)
      .set(stranger.auth)
      .expect(404);
    expect(detail.body.error.code).toBe('VEHICLE_NOT_FOUND');
    expect(
      (await myRequests(stranger)).map((r: { status: string; statusLabel: string }) => [
        r.status,
        r.statusLabel
      ])
    ).toEqual([['pending', '等待门店确认']]);
    // Claiming again keeps the one pending request.
    const again = await claim(s, stranger).expect(200);
    expect(again.body.request.id).toBe(res.body.request.id);
    expect(await ClaimRequest.countDocuments({ vehicleId: s.vehicle._id })).toBe(1);
  });

  test('the archive’s own mobile stays instant, also while a stranger waits', async () => {
    const s = await setupArchive();
    const stranger = await ownerBoundTo(s);
    await pendingClaim(s, stranger);
    const archiveOwner = await ownerBoundTo(s, s.mobile);
    const res = await claim(s, archiveOwner).expect(200);
    expect(res.body.outcome).toBe('claimed');
    expect(res.body.vehicle).toMatchObject({ id: String(s.vehicle._id), plate: s.plate });
    await ctx.http().get(`/api/owner/vehicles/${s.vehicle._id}`).set(archiveOwner.auth).expect(200);
  });

  test('the assigned advisor approves in the task list: the vehicle and its history become the claimant’s', async () => {
    const s = await setupArchive();
    const stranger = await ownerBoundTo(s);
    const requestId = await pendingClaim(s, stranger);

    const list = await ctx.http().get('/api/vehicle-claims').set(s.advisor.auth).expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: requestId,
        vehicle: {
          id: String(s.vehicle._id),
          plate: s.plate,
          vinLast6: s.vinTail,
          title: '大众 帕萨特 2022款 330TSI'
        },
        archive: { id: String(s.customer._id), name: '陈车主' },
        claimant: {
          name: expect.stringMatching(/^微信车主\d{4}$/),
          mobileMasked: expect.stringMatching(/^139\*{4}\d{4}$/)
        },
        status: 'pending'
      })
    ]);
    const approved = await staffDecide(s.advisor, requestId, 'approve').expect(200);
    expect(approved.body.status).toBe('approved');
    expect(await inbox(stranger)).toEqual([['vehicle_claim_result', '车辆认领已通过']]);

    expect(await myVehicleIds(stranger)).toEqual([String(s.vehicle._id)]);
    const detail = await ctx
      .http()
      .get(`/api/owner/vehicles/${s.vehicle._id}`)
      .set(stranger.auth)
      .expect(200);
    expect(detail.body.serviceRecords.map((r: { roNumber: string }) => r.roNumber)).toEqual([
      `RO-${s.vinTail}`
    ]);
    expect(await myRequests(stranger)).toEqual([]);
    expect((await ctx.http().get('/api/vehicle-claims').set(s.advisor.auth).expect(200)).body.items).toEqual(
      []
    );
    // Once only.
    expect((await staffDecide(s.manager, requestId, 'decline').expect(409)).body.error.code).toBe(
      'CLAIM_ALREADY_DECIDED'
    );
    expect(await myVehicleIds(stranger)).toEqual([String(s.vehicle._id)]);
    // Claiming again after the approval is simply "claimed".
    expect((await claim(s, stranger).expect(200)).body.outcome).toBe('claimed');
  });

  test('the archive’s bound owner declines in the mini-program: the claimant is told, sees nothing, may ask again', async () => {
    const s = await setupArchive();
    const archiveOwner = await ownerBoundTo(s, s.mobile);
    const stranger = await ownerBoundTo(s);
    const requestId = await pendingClaim(s, stranger);

    // The archive's owner is told in their inbox.
    expect(await inbox(archiveOwner)).toEqual([['vehicle_claim_review', '车辆认领待您确认']]);
    const reviews = await ctx
      .http()
      .get('/api/owner/vehicle-claims/reviews')
      .set(archiveOwner.auth)
      .expect(200);
    expect(reviews.body.items.map((r: { id: string }) => r.id)).toEqual([requestId]);
    // Another car owner reads the claimant's name masked, the mobile too.
    expect(reviews.body.items[0].claimant).toEqual({
      name: '微**',
      mobileMasked: expect.stringMatching(/^139\*{4}\d{4}$/)
    });
    // The claimant has nothing to decide on their own request.
    expect(
      (await ctx.http().get('/api/owner/vehicle-claims/reviews').set(stranger.auth).expect(200)).body.items
    ).toEqual([]);
    await ownerDecide(stranger, requestId, 'approve').expect(404);

    const declined = await ownerDecide(archiveOwner, requestId, 'decline').expect(200);
    expect(declined.body.status).toBe('declined');
    const [mine] = await myRequests(stranger);
    expect(mine).toMatchObject({
      id: requestId,
      status: 'declined',
      statusLabel: '认领未通过',
      message: expect.stringContaining('未同意您的认领申请')
    });
    expect(mine.decidedAt).not.toBeNull();
    expect(await inbox(stranger)).toEqual([['vehicle_claim_result', '车辆认领未通过']]);
    expect(await myVehicleIds(stranger)).toEqual([]);
    await ctx.http().get(`/api/owner/vehicles/${s.vehicle._id}`).set(stranger.auth).expect(404);
    expect(
      await VehicleClaim.countDocuments({
        vehicleId: s.vehicle._id,
        ownerId: new Types.ObjectId(stranger.ownerId)
      })
    ).toBe(0);

    const renewed = await claim(s, stranger).expect(200);
    expect(renewed.body.request).toMatchObject({ status: 'pending' });
    expect(renewed.body.request.id).not.toBe(requestId);
    // The new request replaces the refusal in the claimant's list.
    expect((await myRequests(stranger)).map((r: { id: string; status: string }) => [r.id, r.status])).toEqual(
      [[renewed.body.request.id, 'pending']]
    );
  });

  test('only the assigned advisor, the dealership’s managers and the archive’s bound owner decide; everyone else gets 404', async () => {
    const s = await setupArchive();
    const stranger = await ownerBoundTo(s);
    const requestId = await pendingClaim(s, stranger);
    const otherAdvisor = await makeStaff('advisor', s.dealership._id);
    const marketing = await makeStaff('marketing', s.dealership._id);
    const admin = await makeStaff('group_admin', null);
    const elsewhere = await makeDealership();
    const otherManager = await makeStaff('manager', elsewhere._id);
    const otherOwner = await ownerBoundTo(s);

    // Roles without the vehicle-claims.review capability are refused outright (403) ...
    for (const staff of [marketing, admin]) {
      await ctx.http().get('/api/vehicle-claims').set(staff.auth).expect(403);
      await staffDecide(staff, requestId, 'approve').expect(403);
    }
    // ... and reviewers outside the archive see nothing and cannot decide it (404).
    for (const staff of [otherAdvisor, otherManager]) {
      expect((await ctx.http().get('/api/vehicle-claims').set(staff.auth).expect(200)).body.items).toEqual(
        []
      );
      const res = await staffDecide(staff, requestId, 'approve').expect(404);
      expect(res.body.error.code).toBe('CLAIM_REQUEST_NOT_FOUND');
    }
    await ownerDecide(otherOwner, requestId, 'approve').expect(404);
    await staffDecide(s.advisor, new Types.ObjectId().toHexString(), 'approve').expect(404);
    // Staff and owner routes are not interchangeable; bad input is a 400.
    await staffDecide(stranger, requestId, 'approve').expect(403);
    await ownerDecide({ ...stranger, auth: s.manager.auth }, requestId, 'approve').expect(403);
    await ctx.http().post(`/api/vehicle-claims/${requestId}/decision`).expect(401);
    for (const body of [
      { decision: 'maybe' },
      {},
      { decision: 'approve', extra: 1 },
      { decision: { $ne: 'x' } }
    ]) {
      const res = await ctx
        .http()
        .post(`/api/vehicle-claims/${requestId}/decision`)
        .set(s.manager.auth)
        .send(body)
        .expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    await staffDecide(s.manager, 'not-an-id', 'approve').expect(400);

    expect(await ClaimDecisionRecord.countDocuments({ _id: new Types.ObjectId(requestId) })).toBe(0);
    expect((await ClaimRequest.findById(requestId).lean())!.status).toBe('pending');
    // The dealership's manager may decide.
    expect(
      (await ctx.http().get('/api/vehicle-claims').set(s.manager.auth).expect(200)).body.items.map(
        (r: { id: string }) => r.id
      )
    ).toEqual([requestId]);
    await staffDecide(s.manager, requestId, 'approve').expect(200);
  });

  test('deciders approving at once: one decision, one transfer', async () => {
    const s = await setupArchive();
    const archiveOwner = await ownerBoundTo(s, s.mobile);
    const stranger = await ownerBoundTo(s);
    const requestId = await pendingClaim(s, stranger);
    const answers = await Promise.all([
      staffDecide(s.advisor, requestId, 'approve'),
      staffDecide(s.manager, requestId, 'approve'),
      ownerDecide(archiveOwner, requestId, 'approve'),
      staffDecide(s.advisor, requestId, 'approve'),
      staffDecide(s.manager, requestId, 'approve')
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    expect(
      answers.filter((r) => r.status === 409).every((r) => r.body.error.code === 'CLAIM_ALREADY_DECIDED')
    ).toBe(true);
    expect(answers.find((r) => r.status === 200)!.body.status).toBe('approved');
    expect(await ClaimDecisionRecord.countDocuments({ _id: new Types.ObjectId(requestId) })).toBe(1);
    expect(await VehicleHandover.countDocuments({ requestId: new Types.ObjectId(requestId) })).toBe(1);
    expect(await VehicleClaim.countDocuments({ vehicleId: s.vehicle._id })).toBe(1);
    expect(await myVehicleIds(stranger)).toEqual([String(s.vehicle._id)]);
  });

  test('an approval and a decline at once: the one recorded decision is what the claimant gets', async () => {
    const s = await setupArchive();
    const stranger = await ownerBoundTo(s);
    const requestId = await pendingClaim(s, stranger);
    const answers = await Promise.all([
      staffDecide(s.advisor, requestId, 'decline'),
      staffDecide(s.manager, requestId, 'approve')
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = answers.find((r) => r.status === 200)!;
    const decision = await ClaimDecisionRecord.findById(requestId).lean();
    expect(decision!.decision).toBe(winner.body.status === 'approved' ? 'approve' : 'decline');
    expect((await myRequests(stranger)).map((r: { status: string }) => r.status)).toEqual(
      winner.body.status === 'approved' ? [] : ['declined']
    );
    expect(await myVehicleIds(stranger)).toEqual(
      winner.body.status === 'approved' ? [String(s.vehicle._id)] : []
    );
  });

  test('two claimants approved at once: the vehicle goes to one of them, the other is told', async () => {
    const s = await setupArchive();
    const first = await ownerBoundTo(s);
    const second = await ownerBoundTo(s);
    const [a, b] = [await pendingClaim(s, first), await pendingClaim(s, second)];
    const answers = await Promise.all([
      staffDecide(s.advisor, a, 'approve'),
      staffDecide(s.manager, b, 'approve')
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const refused = answers.find((r) => r.status === 409)!;
    expect(refused.body.error.code).toBe('VEHICLE_HANDED_OVER');
    const owners = [first, second];
    const holders: Owner[] = [];
    for (const owner of owners)
      if ((await myVehicleIds(owner)).includes(String(s.vehicle._id))) holders.push(owner);
    expect(holders).toHaveLength(1);
    const loser = owners.find((o) => o !== holders[0])!;
    expect(
      (await myRequests(loser)).map((r: { status: string; message: string }) => [r.status, r.message])
    ).toEqual([['superseded', expect.stringContaining('已由其他车主认领')]]);
    expect(await inbox(loser)).toEqual([['vehicle_claim_result', '车辆认领未通过']]);
    expect(await inbox(holders[0])).toEqual([['vehicle_claim_result', '车辆认领已通过']]);
    // A third claimant is refused at once.
    const third = await ownerBoundTo(s);
    expect((await claim(s, third).expect(409)).body.error.code).toBe('VEHICLE_HANDED_OVER');
  });

  test('parallel claims by one claimant make one pending request; wrong VINs still use up the day’s attempts', async () => {
    const s = await setupArchive();
    const stranger = await ownerBoundTo(s);
    const answers = await Promise.all(Array.from({ length: 4 }, () => claim(s, stranger)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(new Set(answers.map((r) => r.body.request.id)).size).toBe(1);
    expect(
      await ClaimRequest.countDocuments({
        vehicleId: s.vehicle._id,
        ownerId: new Types.ObjectId(stranger.ownerId)
      })
    ).toBe(1);

    const guesses = await Promise.all(Array.from({ length: 7 }, () => claim(s, stranger, '000000')));
    expect(guesses.map((r) => r.status).sort()).toEqual([422, 422, 422, 422, 422, 429, 429]);
    expect((await claim(s, stranger).expect(429)).body.error.code).toBe('TOO_MANY_ATTEMPTS');
  });

  test('a claimant who unbinds withdraws their request; it can no longer be approved', async () => {
    const s = await setupArchive();
    const stranger = await ownerBoundTo(s);
    const requestId = await pendingClaim(s, stranger);
    await ctx.http().delete(`/api/owner/bindings/${s.dealership._id}`).set(stranger.auth).expect(204);
    expect((await ctx.http().get('/api/vehicle-claims').set(s.advisor.auth).expect(200)).body.items).toEqual(
      []
    );
    expect((await staffDecide(s.advisor, requestId, 'approve').expect(409)).body.error.code).toBe(
      'CLAIM_ALREADY_DECIDED'
    );
    expect(await VehicleClaim.countDocuments({ vehicleId: s.vehicle._id })).toBe(0);
    expect((await myRequests(stranger)).map((r: { status: string }) => r.status)).toEqual(['withdrawn']);
  });

  test('/api/openapi.json documents the claim answers and the decision endpoints', async () => {
    const doc = (await ctx.http().get('/api/openapi.json').expect(200)).body;
    const json = (op: {
      requestBody?: unknown;
      responses: Record<string, { content: Record<string, { schema: unknown }> }>;
    }) => op.responses['200'].content['application/json'].schema;
    expect(JSON.stringify(json(doc.paths['/api/owner/vehicles/claim'].post))).toMatch(
      /"claimed".*"pending"|"pending".*"claimed"/
    );
    for (const path of ['/api/vehicle-claims/{id}/decision', '/api/owner/vehicle-claims/{id}/decision']) {
      const op = doc.paths[path].post;
      expect(op.requestBody.content['application/json'].schema.properties.decision.enum).toEqual([
        'approve',
        'decline'
      ]);
      expect(JSON.stringify(json(op))).toContain('mobileMasked');
    }
    expect(doc.paths['/api/vehicle-claims'].get).toBeDefined();
    expect(doc.paths['/api/owner/vehicle-claims/reviews'].get).toBeDefined();
    expect(JSON.stringify(json(doc.paths['/api/owner/vehicle-claims'].get))).toContain('statusLabel');
  });
});
