import { formatScene } from '@dealer/shared';
import { addDays } from '@dealer/shared/domain/dates';
import { clock } from '../../server/src/lib/clock';
import { updateAftercareSettings } from '../../server/src/modules/aftercare/aftercare-settings.service';
import { Callback } from '../../server/src/modules/aftercare/callback.model';
import { Survey } from '../../server/src/modules/aftercare/survey.model';
import { CareDispatch } from '../../server/src/modules/care/care-dispatch.model';
import { loginOwner, makeServiceRecord } from '../support/factories';
import { startTestApp, type TestContext } from '../support/harness';
import { CARE_SANDBOX_TEMPLATES } from '../support/care-fixtures';
import { customerWithVisit, runAftercareDay, setNow, setupAftercare, shanghai } from './aftercare-support';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({}, { templates: CARE_SANDBOX_TEMPLATES });
});
afterAll(() => ctx.close());
afterEach(() => clock.set(null));

const TODAY = '2025-08-20';

/** A customer (not bound) with one repair order on each of the given days. */
async function customerWithVisits(dealershipId: Parameters<typeof customerWithVisit>[0], days: string[]) {
  const first = await customerWithVisit(dealershipId, days[0], { name: '后绑定车主', tier: 'B' });
  const ros = [first.ro];
  for (const day of days.slice(1))
    ros.push(await makeServiceRecord(first.vehicle, { serviceDate: day, advisorName: '李顾问' }));
  return { ...first, ros };
}

/** The owner binds through the real flow: scan the store's code, confirm the phone number. */
async function bind(owner: Awaited<ReturnType<typeof loginOwner>>, dealerCode: string, mobile: string) {
  const { code } = ctx.sandbox.state.mintPhoneCode({ phoneNumber: mobile, openid: owner.openid });
  return ctx
    .http()
    .post('/api/owner/bindings')
    .set(owner.auth)
    .send({ scene: formatScene(dealerCode), phoneCode: code });
}

const surveyedDays = async (customerId: unknown) =>
  (await Survey.find({ customerId }).lean()).map((s) => s.visit.date).sort();

describe('surveys only where they can be delivered', () => {
  test('the daily run surveys bound customers only; a customer who binds later gets the surveys of the last 7 days once', async () => {
    const s = await setupAftercare();
    // Visits 8, 5, 3 and 0 days ago; the default delay is one day, the catch-up window 7 days.
    const days = [8, 5, 3, 0].map((n) => addDays(TODAY, -n));
    const c = await customerWithVisits(s.dealership._id, days);
    setNow(shanghai(TODAY, '10:00'));
    await runAftercareDay(ctx, TODAY, s.dealership._id);
    // Not bound at the daily run: callbacks (by phone) yes, surveys no.
    expect(await Survey.countDocuments({ customerId: c.customer._id })).toBe(0);
    expect(await Callback.countDocuments({ customerId: c.customer._id, kind: '3dc' })).toBe(1);

    const owner = await loginOwner(ctx);
    const mobile = c.customer.mobile ?? '';
    // Three binds at once and one more: the visits of 5 and 3 days ago are surveyed, once each.
    const binds = await Promise.all([1, 2, 3].map(() => bind(owner, s.dealership.code, mobile)));
    expect(binds.map((b) => b.status)).toEqual([200, 200, 200]);
    expect((await bind(owner, s.dealership.code, mobile)).status).toBe(200);
    expect(await surveyedDays(c.customer._id)).toEqual([days[1], days[2]]);
    const keys = c.ros.map((ro) => `survey:ro:${String(ro._id)}`);
    const dispatches = await CareDispatch.find({ customerId: c.customer._id }).lean();
    expect(dispatches.map((d) => d._id).sort()).toEqual([keys[1], keys[2]].sort());
    expect(dispatches.every((d) => String(d.ownerId) === owner.ownerId)).toBe(true);
    const mine = await ctx.http().get('/api/owner/aftercare/surveys').set(owner.auth).expect(200);
    expect(mine.body.items.map((i: { visit: { date: string } }) => i.visit.date).sort()).toEqual([
      days[1],
      days[2]
    ]);

    // Rerunning today and running tomorrow: today's visit gets its survey, nothing twice.
    await runAftercareDay(ctx, TODAY, s.dealership._id);
    setNow(shanghai(addDays(TODAY, 1), '10:00'));
    await Promise.all([
      runAftercareDay(ctx, addDays(TODAY, 1), s.dealership._id),
      runAftercareDay(ctx, addDays(TODAY, 1), s.dealership._id)
    ]);
    expect(await surveyedDays(c.customer._id)).toEqual([days[1], days[2], days[3]]);
    expect(await CareDispatch.countDocuments({ customerId: c.customer._id })).toBe(3);
  });

  test('the catch-up window is a setting: 0 turns it off, a longer one reaches older visits', async () => {
    const s = await setupAftercare();
    const days = [12, 3].map((n) => addDays(TODAY, -n));
    const c = await customerWithVisits(s.dealership._id, days);
    const other = await customerWithVisits(s.dealership._id, days);
    setNow(shanghai(TODAY, '10:00'));
    await updateAftercareSettings(String(s.dealership._id), { surveyCatchUpDays: 0 });
    const first = await loginOwner(ctx);
    expect((await bind(first, s.dealership.code, c.customer.mobile ?? '')).status).toBe(200);
    expect(await surveyedDays(c.customer._id)).toEqual([]);

    const settings = await updateAftercareSettings(String(s.dealership._id), { surveyCatchUpDays: 14 });
    expect(settings.surveyCatchUpDays).toBe(14);
    const second = await loginOwner(ctx);
    expect((await bind(second, s.dealership.code, other.customer.mobile ?? '')).status).toBe(200);
    expect(await surveyedDays(other.customer._id)).toEqual(days);
  });
});
