import { Types } from 'mongoose';
import { clock } from '../../server/src/lib/clock';
import { op } from '../../server/src/lib/query';
import { CareDispatch, OpenDispatch } from '../../server/src/modules/care/care-dispatch.model';
import { dispatchesWithStatus } from '../../server/src/modules/care/care-dispatch.service';
import { Notice } from '../../server/src/modules/notices/notice.model';
import { Vehicle } from '../../server/src/modules/vehicles/vehicle.model';
import { AccessLog } from '../../server/src/modules/access-log/access-log.model';
import { Complaint } from '../../server/src/modules/aftercare/complaint.model';
import { Survey, SurveyAnswer } from '../../server/src/modules/aftercare/survey.model';
import { surveyAnswersSince } from '../../server/src/modules/aftercare/survey.service';
import { generateLateSurveys } from '../../server/src/modules/aftercare/survey-generation';
import { withFacts } from '../../server/src/modules/aftercare/visit-facts';
import { serviceVisitsOf } from '../../server/src/modules/aftercare/visits';
import { startTestApp, type TestContext } from '../support/harness';
import { CARE_SANDBOX_TEMPLATES, makeBoundCustomer } from '../support/care-fixtures';
import {
  customerWithVisit,
  errorOf,
  ownerWithVisit,
  runAftercareDay,
  setNow,
  setupAftercare,
  shanghai
} from './aftercare-support';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({}, { templates: CARE_SANDBOX_TEMPLATES });
});
afterAll(() => ctx.close());
afterEach(() => clock.set(null));

const DAY = '2025-07-02';
const VISIT_DAY = '2025-07-01'; // the survey goes out the day after the visit (default)
const GOOD = { reception: 5, quality: 4, timeliness: 5, price: 4 };

async function surveyedOwner() {
  const s = await setupAftercare();
  const v = await ownerWithVisit(ctx, s.dealership._id, VISIT_DAY, { name: '评价车主', tier: 'B' });
  setNow(shanghai(DAY, '10:00'));
  await runAftercareDay(ctx, DAY, s.dealership._id);
  const survey = await Survey.findOne({ visitKey: `ro:${String(v.ro._id)}` }).lean();
  if (!survey) throw new Error('no survey');
  return { ...s, ...v, surveyId: String(survey._id) };
}

const answer = (id: string, auth: { Authorization: string }, body: object) =>
  ctx.http().post(`/api/owner/aftercare/surveys/${id}/answer`).set(auth).send(body);

describe('survey invitations', () => {
  test('one survey per visit of a bound owner, invited once through care: WeChat when a consent is left, else the inbox; none for an unbound customer', async () => {
    const s = await setupAftercare();
    const withQuota = await ownerWithVisit(ctx, s.dealership._id, VISIT_DAY, { name: '有授权' });
    const noQuota = await ownerWithVisit(ctx, s.dealership._id, VISIT_DAY, { name: '无授权' }, []);
    const unbound = await customerWithVisit(s.dealership._id, VISIT_DAY, { name: '未绑定' });
    setNow(shanghai(DAY, '10:00'));
    await Promise.all([
      runAftercareDay(ctx, DAY, s.dealership._id),
      runAftercareDay(ctx, DAY, s.dealership._id)
    ]);
    await runAftercareDay(ctx, DAY, s.dealership._id);

    expect(await Survey.countDocuments({ dealershipId: s.dealership._id })).toBe(2);
    expect(await Survey.countDocuments({ customerId: unbound.customer._id })).toBe(0);
    const sent = ctx.sandbox.state.messages({ touser: withQuota.owner.openid });
    expect(sent).toHaveLength(1);
    expect(sent[0].template_id).toBe('TPL_CARE');
    expect(sent[0].data.thing1.value).toBe('邀请您评价本次服务');
    expect(sent[0].data.date2.value).toBe('2025年7月1日');
    const survey = await Survey.findOne({ visitKey: `ro:${String(withQuota.ro._id)}` }).lean();
    expect(sent[0].page).toBe(`pages/owner/survey/index?id=${String(survey?._id)}`);
    expect(ctx.sandbox.state.messages({ touser: noQuota.owner.openid })).toHaveLength(0);

    const statuses = (await dispatchesWithStatus({ dealershipId: s.dealership._id })).map((d) => [
      d.customerName,
      d.status,
      d.reason
    ]);
    expect(statuses).toEqual(
      expect.arrayContaining([
        ['有授权', 'sent', null],
        ['无授权', 'inbox_only', 'no_quota']
      ])
    );
    expect(statuses).toHaveLength(2);
    // No consent left when it was planned, due at once: the inbox channel, stored without a WeChat payload.
    const inboxOnly = await CareDispatch.collection.findOne({ customerId: noQuota.owner.customerId });
    expect(inboxOnly).toMatchObject({ channel: 'inbox', templateId: 'TPL_CARE' });
    expect(inboxOnly).not.toHaveProperty('data');
    expect(inboxOnly).not.toHaveProperty('page');
    expect(await CareDispatch.countDocuments({ customerId: unbound.customer._id })).toBe(0);
    for (const o of [withQuota, noQuota]) {
      const inbox = await ctx.http().get('/api/owner/notices').set(o.owner.auth).expect(200);
      expect(inbox.body.items.map((n: { title: string }) => n.title)).toEqual(['邀请您评价本次服务']);
    }
    expect(await Notice.countDocuments({ dedupeKey: `survey:ro:${String(withQuota.ro._id)}` })).toBe(1);

    const mine = await ctx.http().get('/api/owner/aftercare/surveys').set(withQuota.owner.auth).expect(200);
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0]).toMatchObject({
      status: 'pending',
      answer: null,
      visit: { date: VISIT_DAY, plate: withQuota.vehicle.plate }
    });
    // The car is read live with the page (a survey does not copy it): a new plate shows.
    await Vehicle.updateOne({ _id: withQuota.vehicle._id }, { $set: { plate: '粤B新牌02' } });
    const later = await ctx.http().get('/api/owner/aftercare/surveys').set(withQuota.owner.auth).expect(200);
    expect(later.body.items[0].visit.plate).toBe('粤B新牌02');
  });
});

describe('a run stopped half-way', () => {
  test('invitations planned but not delivered when a run stopped: the reruns deliver each once', async () => {
    const s = await setupAftercare();
    const withQuota = await ownerWithVisit(ctx, s.dealership._id, VISIT_DAY, { name: '停后有授权' });
    const noQuota = await ownerWithVisit(ctx, s.dealership._id, VISIT_DAY, { name: '停后无授权' }, []);
    setNow(shanghai(DAY, '10:00'));
    // What a stopped run leaves: the surveys made and their invitations planned (open), nothing delivered.
    for (const o of [withQuota, noQuota]) {
      const visits = await serviceVisitsOf(s.dealership._id, o.owner.customerId, VISIT_DAY, VISIT_DAY);
      expect(await generateLateSurveys(await withFacts(visits), { name: '售后门店' }, clock.now())).toBe(1);
    }
    const keys = [withQuota, noQuota].map((o) => `survey:ro:${String(o.ro._id)}`);
    expect(await OpenDispatch.countDocuments({ _id: op.in(keys) })).toBe(2);
    expect(await Notice.countDocuments({ dedupeKey: op.in(keys) })).toBe(0);

    await Promise.all([
      runAftercareDay(ctx, DAY, s.dealership._id),
      runAftercareDay(ctx, DAY, s.dealership._id)
    ]);
    const again = await runAftercareDay(ctx, DAY, s.dealership._id);
    expect(again.counts.surveys ?? 0).toBe(0);

    expect(await Survey.countDocuments({ dealershipId: s.dealership._id })).toBe(2);
    expect(ctx.sandbox.state.messages({ touser: withQuota.owner.openid })).toHaveLength(1);
    expect(ctx.sandbox.state.messages({ touser: noQuota.owner.openid })).toHaveLength(0);
    for (const key of keys) expect(await Notice.countDocuments({ dedupeKey: key })).toBe(1);
    expect(await OpenDispatch.countDocuments({ _id: op.in(keys) })).toBe(0);
    const statuses = (await dispatchesWithStatus({ dealershipId: s.dealership._id })).map((d) => [
      d.customerName,
      d.status,
      d.reason
    ]);
    expect(statuses).toEqual(
      expect.arrayContaining([
        ['停后有授权', 'sent', null],
        ['停后无授权', 'inbox_only', 'no_quota']
      ])
    );
    expect(statuses).toHaveLength(2);
  });
});

describe('answering', () => {
  test('50 concurrent submits: one answer, the rest are told it is answered', async () => {
    const o = await surveyedOwner();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => answer(o.surveyId, o.owner.auth, { ...GOOD, comment: `第${i}次` }))
    );
    const codes = results.map((r) => r.status);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    expect(results.find((r) => r.status === 409)?.body.error.code).toBe('SURVEY_ALREADY_ANSWERED');
    expect(await SurveyAnswer.countDocuments({ surveyId: new Types.ObjectId(o.surveyId) })).toBe(1);
    const view = await ctx
      .http()
      .get(`/api/owner/aftercare/surveys/${o.surveyId}`)
      .set(o.owner.auth)
      .expect(200);
    expect(view.body.status).toBe('answered');
    expect(view.body.answer).toMatchObject(GOOD);
  });

  test('validation: ratings 1–5 whole numbers, comment length, unknown survey, someone else’s survey', async () => {
    const o = await surveyedOwner();
    for (const bad of [
      { ...GOOD, reception: 0 },
      { ...GOOD, price: 6 },
      { ...GOOD, quality: 2.5 },
      { reception: 5, quality: 5, timeliness: 5 },
      { ...GOOD, comment: '很'.repeat(501) },
      { ...GOOD, extra: 1 }
    ])
      expect(errorOf(await answer(o.surveyId, o.owner.auth, bad).expect(400))?.code).toBe(
        'VALIDATION_FAILED'
      );
    const unknown = await answer(new Types.ObjectId().toString(), o.owner.auth, GOOD).expect(404);
    expect(errorOf(unknown)?.code).toBe('SURVEY_NOT_FOUND');
    const stranger = await makeBoundCustomer(ctx, o.dealership._id);
    await answer(o.surveyId, stranger.auth, GOOD).expect(404);
    await ctx.http().get(`/api/owner/aftercare/surveys/${o.surveyId}`).set(stranger.auth).expect(404);
    await answer(o.surveyId, o.manager.auth, GOOD).expect(403);
    expect(await SurveyAnswer.countDocuments({ surveyId: new Types.ObjectId(o.surveyId) })).toBe(0);
    await answer(o.surveyId, o.owner.auth, { ...GOOD, comment: '很'.repeat(500) }).expect(200);
  });

  test('a rating at or below the threshold opens a follow-up complaint; above it does not', async () => {
    const low = await surveyedOwner();
    await answer(low.surveyId, low.owner.auth, { ...GOOD, price: 2, comment: '太贵了' }).expect(200);
    const followUp = await Complaint.findOne({ key: `survey:${low.surveyId}` }).lean();
    expect(followUp).toMatchObject({ source: 'survey', status: 'new', tier: 'B' });
    expect(followUp?.text).toContain('价格2');
    expect(followUp?.text).toContain('太贵了');
    const mine = await ctx.http().get('/api/owner/aftercare/complaints').set(low.owner.auth).expect(200);
    expect(mine.body.items.map((c: { id: string }) => c.id)).toEqual([String(followUp?._id)]);

    // Both are part of the archive: the customer page shows them, and viewing is logged.
    const archive = await ctx
      .http()
      .get(`/api/aftercare/customers/${String(low.owner.customerId)}`)
      .set(low.manager.auth)
      .expect(200);
    expect(
      archive.body.surveys.map((x: { id: string; answer: { price: number } }) => [x.id, x.answer.price])
    ).toEqual([[low.surveyId, 2]]);
    expect(archive.body.complaints.map((x: { id: string }) => x.id)).toEqual([String(followUp?._id)]);
    expect(
      await AccessLog.countDocuments({
        customerId: low.owner.customerId,
        detail: 'aftercare',
        action: 'view'
      })
    ).toBe(1);
    // An advisor sees only the archives assigned to them.
    await ctx
      .http()
      .get(`/api/aftercare/customers/${String(low.owner.customerId)}`)
      .set(low.advisor.auth)
      .expect(404);

    const ok = await surveyedOwner();
    await answer(ok.surveyId, ok.owner.auth, { ...GOOD, price: 3 }).expect(200);
    expect(await Complaint.countDocuments({ customerId: ok.owner.customerId })).toBe(0);

    const strict = await surveyedOwner();
    await ctx
      .http()
      .patch('/api/aftercare/settings')
      .set(strict.manager.auth)
      .send({ lowScoreThreshold: 3 })
      .expect(200);
    await answer(strict.surveyId, strict.owner.auth, { ...GOOD, price: 3 }).expect(200);
    expect(await Complaint.countDocuments({ customerId: strict.owner.customerId })).toBe(1);
  });
});

describe('survey answered events for points', () => {
  test('answers are handed out in id order after a cursor, each once', async () => {
    const a = await surveyedOwner();
    const b = await surveyedOwner();
    await answer(a.surveyId, a.owner.auth, GOOD).expect(200);
    await answer(b.surveyId, b.owner.auth, GOOD).expect(200);
    const all = await surveyAnswersSince(null, 1000, 0);
    const ours = all.filter((e) =>
      [String(a.owner.customerId), String(b.owner.customerId)].includes(e.customerId)
    );
    expect(ours.map((e) => e.customerId)).toEqual([String(a.owner.customerId), String(b.owner.customerId)]);
    expect(ours[0]).toMatchObject({
      dealershipId: String(a.dealership._id),
      visitKey: `ro:${String(a.ro._id)}`
    });
    const after = await surveyAnswersSince(ours[0].id, 1000, 0);
    expect(after.map((e) => e.id)).toContain(ours[1].id);
    expect(after.map((e) => e.id)).not.toContain(ours[0].id);
    // Answers younger than the settle time are held back.
    expect((await surveyAnswersSince(ours[0].id, 1000)).map((e) => e.id)).not.toContain(ours[1].id);
  });
});
