import { Types } from 'mongoose';
import { op } from '../../server/src/lib/query';
import { CareRule } from '../../server/src/modules/care/care-rule.model';
import { Segment } from '../../server/src/modules/segments/segment.model';
import { startTestApp, type TestContext } from '../support/harness';
import { makeDealership, makeStaff, type StaffLogin } from '../support/factories';
import { CARE_SANDBOX_TEMPLATES } from '../support/care-fixtures';

/**
 * A segment in use by a care rule cannot be deleted, and a rule cannot start using a segment
 * being deleted, even when the two requests arrive at the same moment.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({}, { templates: CARE_SANDBOX_TEMPLATES });
});
afterAll(() => ctx.close());

const ROUNDS = 15;
const ruleUsing = (segmentId: string, i: number) => ({
  name: `分群关怀${i}`,
  occasion: 'birthday',
  audience: { tiers: [], includeUntiered: true, segmentId, consentRequired: true },
  channel: { kind: 'inbox' },
  message: { title: '生日快乐', body: '祝您生日快乐' }
});

async function newSegment(manager: StaffLogin, i: number): Promise<string> {
  const res = await ctx
    .http()
    .post('/api/segments')
    .set(manager.auth)
    .send({ name: `分群${i}-${new Types.ObjectId()}`, filter: { tags: ['车队'] } })
    .expect(201);
  return res.body.id as string;
}

/** After the race: a live rule that names a segment means the segment is still there. */
async function expectNoDanglingRule(dealershipId: Types.ObjectId) {
  const rules = await CareRule.find({
    dealershipId,
    deleted: false,
    'audience.segmentId': op.ne(null)
  }).lean();
  for (const rule of rules) expect(await Segment.exists({ _id: rule.audience!.segmentId })).not.toBeNull();
}

test('creating a rule on a segment while it is deleted: never both', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const marketing = await makeStaff('marketing', dealership._id);
  const segments = await Promise.all(Array.from({ length: ROUNDS }, (_, i) => newSegment(manager, i)));
  const answers = await Promise.all(
    segments.map(async (id, i) => {
      const [created, deleted] = await Promise.all([
        ctx.http().post('/api/care/rules').set(marketing.auth).send(ruleUsing(id, i)),
        ctx.http().delete(`/api/segments/${id}`).set(manager.auth)
      ]);
      return { created, deleted };
    })
  );
  for (const { created, deleted } of answers) {
    expect([201, 409, 422]).toContain(created.status);
    expect([204, 409]).toContain(deleted.status);
    expect(created.status === 201 && deleted.status === 204).toBe(false);
    if (created.status === 409) expect(created.body.error.message).toMatch(/分群/);
    if (deleted.status === 409) expect(deleted.body.error.message).toMatch(/分群/);
  }
  await expectNoDanglingRule(dealership._id);
});

test('moving a rule onto a segment while it is deleted: never both', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const segments = await Promise.all(Array.from({ length: ROUNDS }, (_, i) => newSegment(manager, i)));
  const rules = await Promise.all(
    segments.map(
      async (_, i) =>
        (
          await ctx
            .http()
            .post('/api/care/rules')
            .set(manager.auth)
            .send({ ...ruleUsing('', i), audience: { ...ruleUsing('', i).audience, segmentId: null } })
            .expect(201)
        ).body
    )
  );
  const answers = await Promise.all(
    segments.map(async (id, i) => {
      const [moved, deleted] = await Promise.all([
        ctx
          .http()
          .patch(`/api/care/rules/${rules[i].id}`)
          .set(manager.auth)
          .send({ audience: { ...rules[i].audience, segmentId: id } }),
        ctx.http().delete(`/api/segments/${id}`).set(manager.auth)
      ]);
      return { moved, deleted };
    })
  );
  for (const { moved, deleted } of answers) {
    expect([200, 409, 422]).toContain(moved.status);
    expect([204, 409]).toContain(deleted.status);
    expect(moved.status === 200 && deleted.status === 204).toBe(false);
  }
  await expectNoDanglingRule(dealership._id);
});

test('a segment a rule stopped using can be deleted; one in use cannot', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const first = await newSegment(manager, 1);
  const second = await newSegment(manager, 2);
  const rule = (
    await ctx.http().post('/api/care/rules').set(manager.auth).send(ruleUsing(first, 1)).expect(201)
  ).body;
  const refused = await ctx.http().delete(`/api/segments/${first}`).set(manager.auth).expect(409);
  expect(refused.body.error).toMatchObject({
    code: 'SEGMENT_IN_USE',
    message: '该分群正被关怀规则使用，请先修改规则'
  });
  await ctx
    .http()
    .patch(`/api/care/rules/${rule.id}`)
    .set(manager.auth)
    .send({ audience: { ...rule.audience, segmentId: second } })
    .expect(200);
  await ctx.http().delete(`/api/segments/${first}`).set(manager.auth).expect(204);
  await ctx.http().delete(`/api/segments/${second}`).set(manager.auth).expect(409);
  await ctx.http().delete(`/api/care/rules/${rule.id}`).set(manager.auth).expect(204);
  await ctx.http().delete(`/api/segments/${second}`).set(manager.auth).expect(204);
  const gone = await ctx.http().post('/api/care/rules').set(manager.auth).send(ruleUsing(second, 3));
  expect(gone.status).toBe(422);
  expect(gone.body.error.code).toBe('SEGMENT_NOT_FOUND');
});
