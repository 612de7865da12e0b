import { Types } from 'mongoose';
import { clock } from '../../server/src/lib/clock';
import { Booking } from '../../server/src/modules/bookings/booking.model';
import { Callback, CallbackAttempt } from '../../server/src/modules/aftercare/callback.model';
import { Complaint, ComplaintEvent } from '../../server/src/modules/aftercare/complaint.model';
import { openComplaint } from '../../server/src/modules/aftercare/complaint.service';
import { Contact } from '../../server/src/modules/contacts/contact.model';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { ServiceRecord } from '../../server/src/modules/vehicles/service-record.model';
import { Vehicle } from '../../server/src/modules/vehicles/vehicle.model';
import { startTestApp, type TestContext } from '../support/harness';
import { makeCustomer, makeStaff, makeVehicle } from '../support/factories';
import {
  customerWithVisit,
  errorOf,
  runAftercareDay,
  setNow,
  setupAftercare,
  shanghai
} from './aftercare-support';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());
afterEach(() => clock.set(null));

const DAY = '2025-06-10';
const VISIT_DAY = '2025-06-07'; // DAY - 3
const DELIVERY_DAY = '2025-06-03'; // DAY - 7

interface Row {
  id: string;
  kind: string;
  customer: { name: string; tier: string | null; mobile: string | null; bound: boolean };
  visit: { key: string; roNumber: string | null; date: string; plate: string | null; items: string[] };
  overdue: boolean;
  status: string;
  attempts: number;
  nextAttemptDate: string | null;
  complaintId: string | null;
}

async function fixture() {
  const s = await setupAftercare();
  const d = s.dealership._id;
  const advisorId = new Types.ObjectId(s.advisor.id);
  const tierD = await customerWithVisit(d, VISIT_DAY, { name: '丁D', tier: 'D', advisorId });
  const tierA = await customerWithVisit(d, VISIT_DAY, { name: '甲A', tier: 'A' });
  const tierB = await customerWithVisit(d, VISIT_DAY, { name: '乙B', tier: 'B', advisorId });
  const untiered = await customerWithVisit(d, VISIT_DAY, { name: '无级' });
  await customerWithVisit(d, '2025-06-08', { name: '太近' });
  await customerWithVisit(d, '2025-06-06', { name: '太早' });
  const buyer = await makeCustomer(d, { name: '丙C新车', tier: 'C' });
  const newCar = await makeVehicle(buyer, { deliveryDate: DELIVERY_DAY });
  await makeVehicle(await makeCustomer(d, { name: '去年交车' }), { deliveryDate: '2024-06-03' });
  await makeVehicle(await makeCustomer(d, { name: '六天前交车' }), { deliveryDate: '2025-06-04' });
  // A booking served by tierA's repair order is the same visit (the RO), not a second one.
  const now = clock.now();
  await Booking.create({
    dealershipId: d,
    customerId: tierA.customer._id,
    customerName: '甲A',
    vehicleId: tierA.vehicle._id,
    bookedBy: 'staff',
    serviceType: 'regular_maintenance',
    day: VISIT_DAY,
    blockId: '0900-1030',
    startsAt: shanghai(VISIT_DAY, '09:00'),
    status: 'served',
    version: 2,
    checkInCode: `C${new Types.ObjectId().toString()}`,
    serviceRecordId: tierA.ro._id,
    createdAt: now,
    updatedAt: now
  });
  return { ...s, tierA, tierB, tierD, untiered, newCar, buyer };
}

const list = async (auth: { Authorization: string }, query = '') =>
  (await ctx.http().get(`/api/aftercare/callbacks${query}`).set(auth).expect(200)).body as {
    items: Row[];
    total: number;
  };

describe('callback generation', () => {
  test('7DC for cars delivered 7 days before, 3DC for visits 3 days before, once each under two instances and a rerun; A/B first', async () => {
    const f = await fixture();
    setNow(shanghai(DAY, '01:00'));
    await Promise.all([
      runAftercareDay(ctx, DAY, f.dealership._id),
      runAftercareDay(ctx, DAY, f.dealership._id)
    ]);
    const again = await runAftercareDay(ctx, DAY, f.dealership._id);
    expect(again.counts.callbacks3dc ?? 0).toBe(0);
    expect(again.counts.callbacks7dc ?? 0).toBe(0);
    expect(await Callback.countDocuments({ dealershipId: f.dealership._id })).toBe(5);

    setNow(shanghai(DAY, '10:00'));
    const rows = (await list(f.manager.auth)).items;
    expect(rows.map((r) => [r.kind, r.customer.name])).toEqual([
      ['3dc', '甲A'],
      ['3dc', '乙B'],
      ['7dc', '丙C新车'],
      ['3dc', '丁D'],
      ['3dc', '无级']
    ]);
    const a = rows[0];
    expect(a.id).toBe(`3dc:ro:${String(f.tierA.ro._id)}`);
    expect(a.visit).toMatchObject({
      roNumber: f.tierA.ro.roNumber,
      date: VISIT_DAY,
      plate: f.tierA.vehicle.plate
    });
    expect(a.customer).toMatchObject({ tier: 'A', mobile: f.tierA.customer.mobile, bound: false });
    expect(rows[2].visit.key).toBe(`delivery:${String(f.newCar._id)}`);
    // The car is read live with the page (a callback does not copy it): a new plate shows.
    await Vehicle.updateOne({ _id: f.tierA.vehicle._id }, { $set: { plate: '粤B新牌01' } });
    expect((await list(f.manager.auth)).items[0].visit.plate).toBe('粤B新牌01');
    // So is the customer (a callback keeps only what the lists sort and filter by): a new mobile shows.
    await Customer.updateOne({ _id: f.tierA.customer._id }, { $set: { mobile: '13900000001' } });
    expect((await list(f.manager.auth)).items[0].customer).toMatchObject({
      name: '甲A',
      mobile: '13900000001'
    });
    // So is the repair order (a corrected import shows on the desk).
    await ServiceRecord.updateOne({ _id: f.tierA.ro._id }, { $set: { items: ['更换刹车片'] } });
    expect((await list(f.manager.auth)).items[0].visit).toMatchObject({
      roNumber: f.tierA.ro.roNumber,
      items: ['更换刹车片']
    });
    expect(rows.every((r) => !r.overdue)).toBe(true);

    // An advisor sees the callbacks of the customers assigned to them only.
    const mine = (await list(f.advisor.auth)).items.map((r) => r.customer.name);
    expect(mine).toEqual(['乙B', '丁D']);
    expect((await list(f.otherAdvisor.auth)).items).toEqual([]);

    // Not due before their day; overdue after it.
    setNow(shanghai('2025-06-09', '10:00'));
    expect((await list(f.manager.auth)).total).toBe(0);
    setNow(shanghai('2025-06-12', '10:00'));
    expect((await list(f.manager.auth)).items.every((r) => r.overdue)).toBe(true);
  });

  test('kind filter; a group admin narrows to a dealership, a manager may not name another', async () => {
    const f = await fixture();
    setNow(shanghai(DAY, '01:00'));
    await runAftercareDay(ctx, DAY, f.dealership._id);
    setNow(shanghai(DAY, '10:00'));
    expect((await list(f.manager.auth, '?kind=7dc')).items.map((r) => r.customer.name)).toEqual(['丙C新车']);
    const admin = await makeStaff('group_admin', null);
    expect((await list(admin.auth, `?dealershipId=${String(f.dealership._id)}`)).total).toBe(5);
    const other = await setupAftercare('别的门店');
    await ctx
      .http()
      .get(`/api/aftercare/callbacks?dealershipId=${String(f.dealership._id)}`)
      .set(other.manager.auth)
      .expect(403);
    expect((await list(other.manager.auth)).total).toBe(0);
  });
});

describe('logging calls', () => {
  async function oneCallback() {
    const s = await setupAftercare();
    const v = await customerWithVisit(s.dealership._id, VISIT_DAY, {
      name: '回访客户',
      tier: 'B',
      advisorId: new Types.ObjectId(s.advisor.id)
    });
    setNow(shanghai(DAY, '01:00'));
    await runAftercareDay(ctx, DAY, s.dealership._id);
    setNow(shanghai(DAY, '10:00'));
    return { ...s, ...v, id: `3dc:ro:${String(v.ro._id)}` };
  }
  const attempt = (id: string, auth: { Authorization: string }, body: object) =>
    ctx.http().post(`/api/aftercare/callbacks/${id}/attempts`).set(auth).send(body);

  test('unreachable is retried the next day up to three calls, then closed as unreachable', async () => {
    const c = await oneCallback();
    const first = await attempt(c.id, c.advisor.auth, { outcome: 'unreachable', note: '无人接听' }).expect(
      200
    );
    expect(first.body).toMatchObject({
      status: 'open',
      attempts: 1,
      nextAttemptDate: '2025-06-11',
      lastNote: '无人接听'
    });
    expect((await list(c.advisor.auth)).total).toBe(0);

    setNow(shanghai('2025-06-11', '10:00'));
    const due = (await list(c.advisor.auth)).items;
    expect(due.map((r) => [r.id, r.overdue])).toEqual([[c.id, true]]);
    await attempt(c.id, c.advisor.auth, { outcome: 'unreachable' }).expect(200);
    setNow(shanghai('2025-06-12', '10:00'));
    const last = await attempt(c.id, c.advisor.auth, { outcome: 'unreachable' }).expect(200);
    expect(last.body).toMatchObject({ status: 'unreachable', attempts: 3, nextAttemptDate: null });
    const closed = (await list(c.advisor.auth, '?status=closed')).items;
    expect(closed.map((r) => r.status)).toEqual(['unreachable']);
    const again = await attempt(c.id, c.advisor.auth, { outcome: 'satisfied' }).expect(409);
    expect(errorOf(again)?.code).toBe('CALLBACK_CLOSED');
  });

  test('two calls logged at once: one is recorded, the other is told so', async () => {
    const c = await oneCallback();
    const results = await Promise.all([
      attempt(c.id, c.advisor.auth, { outcome: 'satisfied' }),
      attempt(c.id, c.manager.auth, { outcome: 'satisfied' })
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const stored = await Callback.findById(c.id).lean();
    expect(stored).toMatchObject({ status: 'satisfied', attempts: 1 });
  });

  test('an issue raised opens a complaint from the call in one step, once', async () => {
    const c = await oneCallback();
    const res = await attempt(c.id, c.advisor.auth, {
      outcome: 'issue',
      note: '客户反映异响',
      complaint: { category: 'repair_quality', text: '保养后发动机有异响' }
    }).expect(200);
    expect(res.body.status).toBe('issue');
    const complaint = await Complaint.findById(res.body.complaintId).lean();
    expect(complaint).toMatchObject({
      source: 'callback',
      status: 'new',
      text: '保养后发动机有异响',
      visitKey: `ro:${String(c.ro._id)}`,
      tier: 'B'
    });
    const view = await ctx
      .http()
      .get(`/api/aftercare/complaints/${res.body.complaintId}`)
      .set(c.advisor.auth)
      .expect(200);
    expect(view.body.history.map((h: { action: string }) => h.action)).toEqual(['opened']);
    expect(await Complaint.countDocuments({ customerId: c.customer._id })).toBe(1);
    // The call is in the archive's contact log.
    const contacts = await Contact.find({ customerId: c.customer._id }).lean();
    expect(contacts.map((x) => [x.channel, x.purpose, x.outcome, x.note])).toEqual([
      ['phone', '维修保养3日回访', '有问题', '客户反映异响']
    ]);
  });

  describe('issue raised + complaint is one idempotent step', () => {
    const issue = {
      outcome: 'issue',
      note: '客户反映异响',
      complaint: { category: 'repair_quality', text: '保养后发动机有异响' }
    };
    /** What the service stores when it claims the call, as left by a process that died right after. */
    const claimedCall = (c: Awaited<ReturnType<typeof oneCallback>>) => ({
      _id: `${c.id}#1`,
      callbackId: c.id,
      attempt: 1,
      outcome: 'issue',
      note: issue.note,
      staffId: new Types.ObjectId(c.advisor.id),
      staffName: '李顾问',
      complaint: issue.complaint,
      contactId: new Types.ObjectId(),
      set: {
        attempts: 1,
        lastOutcome: 'issue',
        lastNote: issue.note,
        status: 'issue',
        nextAttemptDate: null
      },
      at: clock.now()
    });
    async function expectOneComplaint(c: Awaited<ReturnType<typeof oneCallback>>, complaintId: string) {
      const complaints = await Complaint.find({ customerId: c.customer._id }).lean();
      expect(complaints.map((x) => [String(x._id), x.key, x.status])).toEqual([
        [complaintId, `callback:${c.id}`, 'new']
      ]);
      expect(await Callback.findById(c.id).lean()).toMatchObject({
        status: 'issue',
        attempts: 1,
        complaintId: complaints[0]._id
      });
      const events = await ComplaintEvent.find({ complaintId: complaints[0]._id }).lean();
      expect(events.map((e) => [e.action, e.byName])).toEqual([['opened', '李顾问']]);
    }

    test('a crash after the call was claimed: the retry opens the complaint and closes the callback, once', async () => {
      const c = await oneCallback();
      await CallbackAttempt.create(claimedCall(c));
      const retried = await attempt(c.id, c.advisor.auth, issue).expect(200);
      expect(retried.body).toMatchObject({ status: 'issue', attempts: 1 });
      await expectOneComplaint(c, retried.body.complaintId);
      // Retried again (the answer was lost too): the same answer, still one complaint and one contact.
      const again = await attempt(c.id, c.advisor.auth, issue).expect(200);
      expect(again.body.complaintId).toBe(retried.body.complaintId);
      await expectOneComplaint(c, retried.body.complaintId);
      expect(await Contact.countDocuments({ customerId: c.customer._id })).toBe(1);
    });

    test('a crash after the complaint was opened, before the callback was closed: the retry links that complaint', async () => {
      const c = await oneCallback();
      await CallbackAttempt.create(claimedCall(c));
      const customer = await Customer.findById(c.customer._id).lean();
      if (!customer) throw new Error('fixture customer missing');
      const opened = await openComplaint({
        key: `callback:${c.id}`,
        customer,
        source: 'callback',
        visitKey: `ro:${String(c.ro._id)}`,
        category: 'repair_quality',
        text: issue.complaint.text,
        by: `staff:${c.advisor.id}`,
        byName: '李顾问'
      });
      // …and it died before even the complaint's first history entry was written.
      await ComplaintEvent.deleteMany({ complaintId: opened._id });
      // Another staff member logging the open callback finishes the claimed call and is told so.
      const other = await attempt(c.id, c.manager.auth, { outcome: 'satisfied' }).expect(409);
      expect(errorOf(other)?.code).toBe('CALLBACK_ALREADY_LOGGED');
      await expectOneComplaint(c, String(opened._id));
      const retried = await attempt(c.id, c.advisor.auth, issue).expect(200);
      expect(retried.body.complaintId).toBe(String(opened._id));
      await expectOneComplaint(c, String(opened._id));
    });

    test('the same call sent five times at once: one complaint, the same answer each time', async () => {
      const c = await oneCallback();
      const results = await Promise.all(
        Array.from({ length: 5 }, () => attempt(c.id, c.advisor.auth, issue))
      );
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      const ids = new Set(results.map((r) => r.body.complaintId as string));
      expect(ids.size).toBe(1);
      await expectOneComplaint(c, [...ids][0]);
      expect(await Contact.countDocuments({ customerId: c.customer._id })).toBe(1);
      // A different call on the closed callback is refused.
      const different = await attempt(c.id, c.advisor.auth, { outcome: 'satisfied' }).expect(409);
      expect(errorOf(different)?.code).toBe('CALLBACK_CLOSED');
    });
  });

  test('bad input is refused and changes nothing', async () => {
    const c = await oneCallback();
    const withComplaint = await attempt(c.id, c.advisor.auth, {
      outcome: 'satisfied',
      complaint: { category: 'price', text: '贵' }
    }).expect(400);
    expect(errorOf(withComplaint)?.code).toBe('COMPLAINT_NEEDS_ISSUE');
    await attempt(c.id, c.advisor.auth, { outcome: 'maybe' }).expect(400);
    await attempt(c.id, c.advisor.auth, {
      outcome: 'issue',
      complaint: { category: 'price', text: '' }
    }).expect(400);
    await attempt('not-an-id', c.advisor.auth, { outcome: 'satisfied' }).expect(400);
    const unknown = await attempt(`3dc:ro:${new Types.ObjectId().toString()}`, c.advisor.auth, {
      outcome: 'satisfied'
    }).expect(404);
    expect(errorOf(unknown)?.code).toBe('CALLBACK_NOT_FOUND');
    // Another advisor's customer is not found either.
    await attempt(c.id, c.otherAdvisor.auth, { outcome: 'satisfied' }).expect(404);
    expect(await Callback.findById(c.id).lean()).toMatchObject({ status: 'open', attempts: 0 });
  });
});
