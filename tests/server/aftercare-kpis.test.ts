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

    // The dashboard's aftercare section: each month and the range (June and July) with its
    // advisors and service types. Range sums: 18 + 14 + 14 + 4 = 50 over 16 ratings = 3.125.
    const report = await ctx.http().get('/api/aftercare/kpis?months=2').set(manager.auth).expect(200);
    expect(report.body).toMatchObject({ from: '2025-06-01', to: '2025-07-31', asOf: '2025-07-08' });
    expect(report.body.months.map((m: { month: string; asOf: string }) => [m.month, m.asOf])).toEqual([
      ['2025-06', '2025-06-30'],
      ['2025-07', '2025-07-08']
    ]);
    expect(report.body.range.satisfaction).toMatchObject({
      answers: 4,
      average: 3.13,
      lowScores: 2,
      // reception (5+4+5+1)/4, quality (5+4+4+1)/4, timeliness (4+3+3+1)/4, price (4+3+2+1)/4
      byQuestion: { reception: 3.75, quality: 3.5, timeliness: 2.75, price: 2.5 }
    });
    expect(report.body.range.satisfaction.byAdvisor).toEqual([
      { advisorId: s.advisor.id, name: '李顾问', answers: 2, average: 4 }, // (18 + 14) / 8
      { advisorId: s.otherAdvisor.id, name: '赵顾问', answers: 2, average: 2.25 } // (14 + 4) / 8
    ]);
    expect(report.body.range.satisfaction.byServiceType).toEqual([
      { serviceType: 'regular_maintenance', label: '定保', answers: 3, average: 3 }, // (18 + 14 + 4) / 12
      { serviceType: 'general_repair', label: '一般维修', answers: 1, average: 3.5 }
    ]);
    expect(report.body.range.complaints).toEqual({
      opened: 3,
      acknowledged: 2,
      resolved: 1,
      avgResponseMinutes: 60, // (30 + 90) / 2
      avgResolutionMinutes: 1440
    });

    const exported = await ctx
      .http()
      .get('/api/aftercare/kpis/export.csv?months=2')
      .set(manager.auth)
      .expect(200);
    expect(exported.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(exported.headers['content-disposition']).toContain('aftercare-kpis-202506_202507.csv');
    expect(exported.text.startsWith('\uFEFF')).toBe(true);
    expect(exported.text.slice(1).split('\r\n')).toEqual([
      '统计期间,维度,名称,答卷数,平均满意度（1–5）,接待服务,维修质量,交车及时,价格合理,低分答卷数,新增投诉数,已受理数,平均受理时长（分钟）,已解决数,平均解决时长（分钟）',
      // June: reception (5+4+5)/3, quality (5+4+4)/3, timeliness (4+3+3)/3, price (4+3+2)/3; no complaints
      '2025-06,月份,2025-06,3,3.83,4.67,4.33,3.33,3,1,0,0,,0,',
      '2025-07,月份,2025-07,1,1,1,1,1,1,1,3,2,60,1,1440',
      '2025-06-01至2025-07-31,合计,全店,4,3.13,3.75,3.5,2.75,2.5,2,3,2,60,1,1440',
      '2025-06-01至2025-07-31,服务顾问,李顾问,2,4,,,,,,,,,,',
      '2025-06-01至2025-07-31,服务顾问,赵顾问,2,2.25,,,,,,,,,,',
      '2025-06-01至2025-07-31,服务类型,定保,3,3,,,,,,,,,,',
      '2025-06-01至2025-07-31,服务类型,一般维修,1,3.5,,,,,,,,,,',
      ''
    ]);
    // Another dealership's manager cannot name this one; an advisor has no KPI access.
    const other = await setupAftercare('别家');
    await ctx
      .http()
      .get(`/api/aftercare/kpis/export.csv?dealershipId=${String(s.dealership._id)}`)
      .set(other.manager.auth)
      .expect(403);
    const advisor = await makeStaff('advisor', s.dealership._id);
    await ctx.http().get('/api/aftercare/kpis').set(advisor.auth).expect(403);
    await ctx.http().get('/api/aftercare/kpis?months=0').set(manager.auth).expect(400);
  });
});
