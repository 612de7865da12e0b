import { Types } from 'mongoose';
import type { SegmentFilter } from '@dealer/shared';
import { clock } from '../../server/src/lib/clock';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { CareRule } from '../../server/src/modules/care/care-rule.model';
import { Segment } from '../../server/src/modules/segments/segment.model';
import { streamSegmentCustomers } from '../../server/src/modules/customers/customer-filter';
import { resolveSegmentFilter } from '../../server/src/modules/segments/segment.service';
import { startTestApp, type TestContext } from '../support/harness';
import { makeCustomer, makeDealership, makeStaff } from '../support/factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

/** Dealership X with customers of known classes, and Y with one customer matching everything. */
async function store() {
  const x = await makeDealership('X店');
  const y = await makeDealership('Y店');
  const manager = await makeStaff('manager', x._id);
  const marketing = await makeStaff('marketing', x._id);
  const advisor = await makeStaff('advisor', x._id);
  const managerY = await makeStaff('manager', y._id);
  const everything = {
    tier: 'A',
    lifecycle: 'loyal',
    vehicleAge: 'warranty',
    usage: 'private',
    serviceStage: 'regular',
    regionClass: 'city',
    ageGroup: '80s',
    occupationClass: 'employee',
    tags: ['老客户', '车队'],
    advisorId: new Types.ObjectId(advisor.id),
    ownerId: new Types.ObjectId(),
    consent: { marketing: true, updatedAt: new Date() }
  };
  await makeCustomer(x._id, { name: '甲', ...everything });
  await makeCustomer(x._id, {
    name: '乙',
    tier: 'B',
    lifecycle: 'at_risk',
    vehicleAge: 'out',
    usage: 'commercial',
    serviceStage: 'repair_only',
    regionClass: 'county',
    ageGroup: '70s',
    occupationClass: 'worker',
    tags: ['车队']
  });
  await makeCustomer(x._id, {
    name: '丙',
    tier: 'C',
    lifecycle: 'lost',
    vehicleAge: 'sanbao',
    usage: 'official',
    serviceStage: 'awaiting_first',
    regionClass: 'town',
    ageGroup: '90s',
    occupationClass: 'civil_servant',
    consent: { marketing: false, updatedAt: null }
  });
  await makeCustomer(x._id, { name: '丁' });
  await makeCustomer(y._id, { name: 'Y店甲', ...everything });
  return { x, y, manager, marketing, advisor, managerY };
}

const namesOf = (items: Array<{ name: string }>) => items.map((i) => i.name).sort();

describe('filters', () => {
  test('each key selects exactly its customers, lists are "any of", keys combine, only in my dealership', async () => {
    const w = await store();
    const cases: Array<[SegmentFilter, string[]]> = [
      [{}, ['丁', '丙', '乙', '甲']],
      [{ tier: ['A', 'B'] }, ['乙', '甲']],
      [{ tier: ['A', 'B'], lifecycle: ['at_risk'] }, ['乙']],
      [{ lifecycle: ['lost', 'loyal'] }, ['丙', '甲']],
      [{ vehicleAge: ['sanbao'] }, ['丙']],
      [{ usage: ['official', 'commercial'] }, ['丙', '乙']],
      [{ serviceStage: ['awaiting_first'] }, ['丙']],
      [{ regionClass: ['county'] }, ['乙']],
      [{ ageGroup: ['80s', '90s'] }, ['丙', '甲']],
      [{ occupationClass: ['civil_servant'] }, ['丙']],
      [{ tags: ['车队'] }, ['乙', '甲']],
      [{ tags: ['老客户', '不存在'] }, ['甲']],
      [{ advisorId: w.advisor.id }, ['甲']],
      [{ advisorId: 'none' }, ['丁', '丙', '乙']],
      [{ bound: true }, ['甲']],
      [{ bound: false }, ['丁', '丙', '乙']],
      [{ consentMarketing: true }, ['甲']],
      [{ consentMarketing: false }, ['丁', '丙', '乙']],
      [{ tier: [], lifecycle: [] }, ['丁', '丙', '乙', '甲']]
    ];
    for (const [filter, expected] of cases) {
      const res = await ctx.http().post('/api/segments/preview').set(w.marketing.auth).send({ filter });
      expect({
        filter,
        status: res.status,
        names: namesOf(res.body.sample ?? []),
        count: res.body.count
      }).toEqual({ filter, status: 200, names: expected.sort(), count: expected.length });
    }
    const one = await ctx
      .http()
      .post('/api/segments/preview')
      .set(w.manager.auth)
      .send({ filter: { tier: ['A'] } })
      .expect(200);
    expect(one.body.sample[0]).toMatchObject({
      name: '甲',
      tier: 'A',
      lifecycle: 'loyal',
      bound: true,
      consentMarketing: true,
      tags: ['老客户', '车队'],
      advisor: { id: w.advisor.id }
    });
  });

  test('bad filters are refused with 400 and the offending path', async () => {
    const w = await store();
    const bad: unknown[] = [
      { tier: ['E'] },
      { tier: 'A' },
      { colour: ['red'] },
      { advisorId: 'nobody' },
      { bound: 'yes' },
      { tags: [''] },
      { lifecycle: ['loyal', 'loyal', 'loyal', 'loyal', 'loyal', 'loyal'] }
    ];
    for (const filter of bad) {
      const res = await ctx.http().post('/api/segments/preview').set(w.manager.auth).send({ filter });
      expect({ filter, status: res.status, code: res.body.error?.code }).toEqual({
        filter,
        status: 400,
        code: 'VALIDATION_FAILED'
      });
    }
    const saved = await ctx
      .http()
      .post('/api/segments')
      .set(w.manager.auth)
      .send({ name: '坏', filter: { tier: ['Z'] } });
    expect(saved.status).toBe(400);
    expect(saved.body.error.details.issues[0].path).toBe('body.filter.tier.0');
    expect(await Segment.countDocuments({ dealershipId: w.x._id })).toBe(0);
    for (const query of [{ tier: 'E' }, { bound: 'yes' }, { lifecycle: 'loyal,ancient' }]) {
      const res = await ctx.http().get('/api/customers').query(query).set(w.manager.auth);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
    }
  });

  test('the staff list filters by classes (comma or repeated), within the caller’s scope', async () => {
    const w = await store();
    const byComma = await ctx
      .http()
      .get('/api/customers')
      .query({ tier: 'A,B' })
      .set(w.manager.auth)
      .expect(200);
    expect(namesOf(byComma.body.items)).toEqual(['乙', '甲']);
    const repeated = await ctx
      .http()
      .get('/api/customers?tier=A&tier=C&bound=false')
      .set(w.manager.auth)
      .expect(200);
    expect(namesOf(repeated.body.items)).toEqual(['丙']);
    const combined = await ctx
      .http()
      .get('/api/customers')
      .query({ serviceStage: 'regular,repair_only', tag: '车队', consentMarketing: 'true' })
      .set(w.manager.auth)
      .expect(200);
    expect(namesOf(combined.body.items)).toEqual(['甲']);
    // An advisor sees only their own customers, whatever the filter.
    const advisor = await ctx
      .http()
      .get('/api/customers')
      .query({ tier: 'A,B,C' })
      .set(w.advisor.auth)
      .expect(200);
    expect(namesOf(advisor.body.items)).toEqual(['甲']);
    const csv = await ctx
      .http()
      .get('/api/customers/export.csv')
      .query({ lifecycle: 'lost' })
      .set(w.manager.auth)
      .expect(200);
    expect(csv.text).toContain('丙');
    expect(csv.text).not.toContain('甲');
  });
});

describe('saved segments', () => {
  test('create, list, rename, evaluate when used, delete; names unique per dealership', async () => {
    const w = await store();
    const created = await ctx
      .http()
      .post('/api/segments')
      .set(w.marketing.auth)
      .send({
        name: ' 重点流失 ',
        description: 'A/B 准流失',
        filter: { tier: ['A', 'B'], lifecycle: ['at_risk'] }
      });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: '重点流失',
      description: 'A/B 准流失',
      filter: { tier: ['A', 'B'], lifecycle: ['at_risk'] },
      createdBy: { id: w.marketing.id }
    });
    const id = created.body.id as string;

    const page = await ctx.http().get(`/api/segments/${id}/customers`).set(w.manager.auth).expect(200);
    expect(page.body).toMatchObject({ total: 1, page: 1, items: [{ name: '乙' }] });
    // Evaluated when used: a customer who becomes at-risk is in it the next time.
    await Customer.updateOne({ dealershipId: w.x._id, name: '甲' }, { $set: { lifecycle: 'at_risk' } });
    const later = await ctx
      .http()
      .get(`/api/segments/${id}/customers`)
      .query({ page: 1, pageSize: 1 })
      .set(w.manager.auth)
      .expect(200);
    expect(later.body.total).toBe(2);
    expect(later.body.items).toHaveLength(1);

    const same = await ctx
      .http()
      .post('/api/segments')
      .set(w.manager.auth)
      .send({ name: '重点流失', filter: {} });
    expect(same.status).toBe(409);
    expect(same.body.error.code).toBe('SEGMENT_NAME_TAKEN');
    // Another dealership may use the name.
    await ctx
      .http()
      .post('/api/segments')
      .set(w.managerY.auth)
      .send({ name: '重点流失', filter: {} })
      .expect(201);

    const other = await ctx
      .http()
      .post('/api/segments')
      .set(w.manager.auth)
      .send({ name: '车队', filter: { tags: ['车队'] } })
      .expect(201);
    const clash = await ctx
      .http()
      .patch(`/api/segments/${other.body.id}`)
      .set(w.manager.auth)
      .send({ name: '重点流失' });
    expect(clash.status).toBe(409);
    const renamed = await ctx
      .http()
      .patch(`/api/segments/${other.body.id}`)
      .set(w.manager.auth)
      .send({ name: '车队客户', filter: { tags: ['车队'], tier: ['B'] } })
      .expect(200);
    expect(renamed.body).toMatchObject({ name: '车队客户', filter: { tags: ['车队'], tier: ['B'] } });
    expect(
      (await ctx.http().patch(`/api/segments/${other.body.id}`).set(w.manager.auth).send({})).status
    ).toBe(400);

    const list = await ctx.http().get('/api/segments').set(w.marketing.auth).expect(200);
    expect(list.body.items.map((s: { name: string }) => s.name).sort()).toEqual(['车队客户', '重点流失']);

    await ctx.http().delete(`/api/segments/${other.body.id}`).set(w.manager.auth).expect(204);
    expect(await Segment.exists({ _id: other.body.id })).toBeNull();
  });

  test('two identical names saved at once: one wins', async () => {
    const w = await store();
    const results = await Promise.all(
      [w.manager, w.marketing, w.manager].map((s) =>
        ctx
          .http()
          .post('/api/segments')
          .set(s.auth)
          .send({ name: '同名', filter: { tier: ['A'] } })
      )
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(await Segment.countDocuments({ dealershipId: w.x._id, name: '同名' })).toBe(1);
  });

  test('segments are the dealership’s own: others get 404, advisors 403', async () => {
    const w = await store();
    const created = await ctx
      .http()
      .post('/api/segments')
      .set(w.manager.auth)
      .send({ name: '本店', filter: { tier: ['A'] } })
      .expect(201);
    const id = created.body.id as string;
    for (const call of [
      ctx.http().get(`/api/segments/${id}/customers`),
      ctx.http().patch(`/api/segments/${id}`).send({ name: '偷改' }),
      ctx.http().delete(`/api/segments/${id}`)
    ]) {
      const res = await call.set(w.managerY.auth);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('SEGMENT_NOT_FOUND');
    }
    const listY = await ctx.http().get('/api/segments').set(w.managerY.auth).expect(200);
    expect(listY.body.items).toEqual([]);
    expect((await ctx.http().get('/api/segments').set(w.advisor.auth)).status).toBe(403);
    expect(
      (await ctx.http().post('/api/segments/preview').set(w.advisor.auth).send({ filter: {} })).status
    ).toBe(403);
    expect(
      (
        await ctx
          .http()
          .get('/api/segments')
          .query({ dealershipId: String(w.y._id) })
          .set(w.manager.auth)
      ).status
    ).toBe(403);
    expect((await Segment.findById(id).lean())?.name).toBe('本店');
  });

  test('a segment a care rule uses cannot be deleted; the care engine resolves it to its filter', async () => {
    const w = await store();
    const created = await ctx
      .http()
      .post('/api/segments')
      .set(w.manager.auth)
      .send({ name: '车队', filter: { tags: ['车队'] } })
      .expect(201);
    const segmentId = new Types.ObjectId(created.body.id as string);
    const now = clock.now();
    await CareRule.create({
      dealershipId: w.x._id,
      seedKey: `custom:${new Types.ObjectId()}`,
      name: '车队关怀',
      plan: 'all',
      occasion: 'birthday',
      audience: { tiers: [], includeUntiered: true, segmentId, consentRequired: true },
      channel: { kind: 'inbox' },
      message: { title: '生日快乐', body: '祝您生日快乐' },
      leadDays: 0,
      sendWindow: { start: '09:00', end: '21:00' },
      enabled: true,
      createdAt: now,
      updatedAt: now
    });
    const refused = await ctx.http().delete(`/api/segments/${segmentId}`).set(w.manager.auth);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('SEGMENT_IN_USE');

    const filter = await resolveSegmentFilter(w.x._id, segmentId);
    // The care engine adds its own conditions beside ours; ours still hold.
    const audience = await Customer.find({ ...filter, tier: 'B', dealershipId: w.x._id }).lean();
    expect(namesOf(audience)).toEqual(['乙']);
    expect(await resolveSegmentFilter(w.y._id, segmentId)).toBeNull();
  });

  test('streamSegmentCustomers yields the audience in batches, only of the dealership', async () => {
    const x = await makeDealership();
    const y = await makeDealership();
    for (let i = 0; i < 23; i++) await makeCustomer(x._id, { name: `批${i}`, tier: i % 2 === 0 ? 'A' : 'C' });
    await makeCustomer(y._id, { tier: 'A' });
    const sizes: number[] = [];
    const seen = new Set<string>();
    for await (const batch of streamSegmentCustomers(x._id, { tier: ['A'] }, { batchSize: 5 })) {
      sizes.push(batch.length);
      for (const c of batch) seen.add(String(c._id));
    }
    expect(sizes).toEqual([5, 5, 2]);
    expect(seen.size).toBe(12);
  });
});
