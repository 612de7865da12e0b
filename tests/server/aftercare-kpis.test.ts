import { Types } from 'mongoose';
import { clock } from '../../server/src/lib/clock';
import { Survey } from '../../server/src/modules/aftercare/survey.model';
import { startTestApp, type TestContext } from '../support/harness';
import { makeServiceRecord, makeStaff, makeVehicle } from '../support/factories';
import { makeBoundCustomer } from '../support/care-fixtures';
import { runAftercareDay, setNow, setupAftercare, shanghai } from './aftercare-support';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());
afterEach(() => clock.set(null));

type Auth = { Authorization: string };

/** An owner of `advisorId` with a visit of `type` on `day`, surveyed the next day; returns their survey id. */
async function surveyed(
  s: Awaited<ReturnType<typeof setupAftercare>>,
  advisorId: string,
  day: string,
  type: string
) {
  const owner = await makeBoundCustomer(ctx, s.dealership._id, { advisorId: new Types.ObjectId(advisorId) });
  const vehicle = await makeVehicle({ _id: owner.customerId, dealershipId: s.dealership._id });
  const ro = await makeServiceRecord(vehicle, { serviceDate: day, type });
  const next = new Date(new Date(`${day}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10);
  await runAftercareDay(ctx, next, s.dealership._id);
  const survey = await Survey.findOne({ visitKey: `ro:${String(ro._id)}` }).lean();
  return { owner, surveyId: String(survey?._id) };
}

const answer = (o: { owner: { auth: Auth }; surveyId: string }, r: number[]) =>
  ctx
    .http()
    .post(`/api/owner/aftercare/surveys/${o.surveyId}/answer`)
    .set(o.owner.auth)
    .send({ reception: r[0], quality: r[1], timeliness: r[2], price: r[3] })
    .expect(200);

describe('satisfaction and complaint KPIs', () => {
  test('averages by advisor and service type, and response / resolution times, computed by hand', async () => {
    // Owner sessions are made on the job clock, so it stays within their lifetime throughout.
    setNow(shanghai('2025-07-05', '09:00'));
    const s = await setupAftercare();
    // 李顾问: two answers in June; 赵顾问: one in June (with a low score) and one in July.
    const a1 = await surveyed(s, s.advisor.id, '2025-06-03', 'regular_maintenance');
    const a2 = await surveyed(s, s.advisor.id, '2025-06-10', 'general_repair');
    const b1 = await surveyed(s, s.otherAdvisor.id, '2025-06-20', 'regular_maintenance');
    const b2 = await surveyed(s, s.otherAdvisor.id, '2025-07-01', 'regular_maintenance');
    setNow(shanghai('2025-07-05', '10:00'));
    await answer(a1, [5, 5, 4, 4]); // mean 4.5
    await answer(a2, [4, 4, 3, 3]); // mean 3.5
    await answer(b1, [5, 4, 3, 2]); // mean 3.5, low score (price 2): opens a complaint on 07-05 10:00
    await answer(b2, [1, 1, 1, 1]); // July

    // Complaints of July: the low-score one (07-05 10:00) and one filed by an owner at 07-05 12:00.
    // Staff sessions last a day: a manager signs in again on later days.
    let manager = s.manager;
    const staff = () => manager;
    const act = (id: string, body: object) =>
      ctx.http().post(`/api/aftercare/complaints/${id}/actions`).set(staff().auth).send(body).expect(200);
    const list = await ctx.http().get('/api/aftercare/complaints').set(s.manager.auth).expect(200);
    const low = list.body.items.find(
      (c: { source: string; customer: { id: string } }) =>
        c.source === 'survey' && c.customer.id === String(b1.owner.customerId)
    );
    setNow(shanghai('2025-07-05', '10:30'));
    await act(low.id, { action: 'acknowledge' }); // 30 minutes
    setNow(shanghai('2025-07-05', '12:00'));
    const filed = await ctx
      .http()
      .post('/api/owner/aftercare/complaints')
      .set(a1.owner.auth)
      .send({ category: 'price', text: '收费偏高' })
      .expect(201);
    setNow(shanghai('2025-07-05', '13:30'));
    await act(filed.body.id, { action: 'acknowledge' }); // 90 minutes
    setNow(shanghai('2025-07-06', '10:00'));
    manager = await makeStaff('manager', s.dealership._id);
    await act(low.id, { action: 'resolve', reply: '已退还差价' }); // 24 hours = 1440 minutes

    setNow(shanghai('2025-07-08', '10:00'));
    manager = await makeStaff('manager', s.dealership._id);
    const june = await ctx.http().get('/api/kpis?month=2025-06').set(manager.auth).expect(200);
    const sat = june.body.kpis.satisfaction;
    // (18 + 14 + 14) / 12 = 3.8333
    expect(sat).toMatchObject({
      label: '满意度',
      answers: 3,
      average: 3.83,
      lowScores: 1,
      byQuestion: { reception: 4.67, quality: 4.33, timeliness: 3.33, price: 3 }
    });
    expect(sat.byAdvisor).toEqual([
      { advisorId: s.advisor.id, name: '李顾问', answers: 2, average: 4 },
      { advisorId: s.otherAdvisor.id, name: '赵顾问', answers: 1, average: 3.5 }
    ]);
    expect(sat.byServiceType).toEqual([
      { serviceType: 'regular_maintenance', label: expect.any(String), answers: 2, average: 4 },
      { serviceType: 'general_repair', label: expect.any(String), answers: 1, average: 3.5 }
    ]);
    expect(june.body.kpis.complaintResponse).toMatchObject({ opened: 0, avgResponseMinutes: null });

    const july = await ctx.http().get('/api/kpis?month=2025-07').set(manager.auth).expect(200);
    expect(july.body.kpis.satisfaction).toMatchObject({ answers: 1, average: 1, lowScores: 1 });
    expect(july.body.kpis.complaintResponse).toMatchObject({
      label: '投诉响应时长',
      opened: 3, // b2's all-ones answer opened one too, not acknowledged
      acknowledged: 2,
      resolved: 1,
      avgResponseMinutes: 60,
      avgResolutionMinutes: 1440
    });
    // As of a day before the resolution, it does not count yet.
    const early = await ctx
      .http()
      .get('/api/kpis?from=2025-07-01&to=2025-07-05')
      .set(manager.auth)
      .expect(200);
    expect(early.body.kpis.complaintResponse).toMatchObject({
      opened: 3,
      resolved: 0,
      avgResolutionMinutes: null
    });

    const trend = await ctx.http().get('/api/kpis/trend?months=2').set(manager.auth).expect(200);
    expect(trend.body.points.map((p: { satisfaction: unknown }) => p.satisfaction)).toEqual([
      { answers: 3, average: 3.83 },
      { answers: 1, average: 1 }
    ]);
    const csv = await ctx.http().get('/api/kpis/export.csv?months=2').set(manager.auth).expect(200);
    const lines = csv.text.replace('\uFEFF', '').trim().split('\r\n');
    const header = lines[0].split(',');
    const col = (name: string) => header.indexOf(name);
    expect(col('满意度（平均分）')).toBeGreaterThan(0);
    expect(lines[1].split(',')[col('满意度（平均分）')]).toBe('3.83');
    expect(lines[2].split(',')[col('平均受理时长（分钟）')]).toBe('60');
    expect(lines[2].split(',')[col('平均解决时长（分钟）')]).toBe('1440');
  });
});
