import { scanWxacode } from '../../scripts/wechat-sandbox';
import { Dealership } from '../../server/src/modules/dealerships/dealership.model';
import { startTestApp, type TestContext } from '../support/harness';
import { makeDealership, makeStaff } from '../support/factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

/** The scene a phone would read from the QR image. */
function sceneOf(res: { body: Buffer }) {
  const scanned = scanWxacode(res.body);
  if (!scanned) throw new Error('the PNG holds no readable QR code');
  return scanned;
}

describe('dealerships and binding QR codes', () => {
  test('a manager downloads the dealership and advisor QR codes; the PNG encodes the scene', async () => {
    const dealership = await makeDealership();
    const manager = await makeStaff('manager', dealership._id);
    const advisor = await makeStaff('advisor', dealership._id);

    const res = await ctx
      .http()
      .get(`/api/dealerships/${dealership._id}/qrcode.png`)
      .set(manager.auth)
      .buffer(true)
      .expect(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(sceneOf(res).scene).toBe(`d=${dealership.code}`);

    const byAdvisor = await ctx
      .http()
      .get(`/api/dealerships/${dealership._id}/qrcode.png?advisorId=${advisor.id}`)
      .set(manager.auth)
      .buffer(true)
      .expect(200);
    const scanned = sceneOf(byAdvisor);
    expect(scanned.scene).toBe(`d=${dealership.code}&a=${advisor.advisorCode}`);
    expect(scanned.scene!.length).toBeLessThanOrEqual(32);
    expect(scanned.page).toBe('pages/owner/bind/index');

    // The second download is served from the cache: WeChat is called once per scene.
    const calls = ctx.sandbox.state.calls({ path: '/wxa/getwxacodeunlimit' }).length;
    await ctx.http().get(`/api/dealerships/${dealership._id}/qrcode.png`).set(manager.auth).expect(200);
    expect(ctx.sandbox.state.calls({ path: '/wxa/getwxacodeunlimit' })).toHaveLength(calls);
  });

  test('QR codes are only for the own dealership and for active advisors', async () => {
    const dealership = await makeDealership();
    const other = await makeDealership();
    const manager = await makeStaff('manager', dealership._id);
    const foreignAdvisor = await makeStaff('advisor', other._id);
    const colleague = await makeStaff('marketing', dealership._id);
    const advisor = await makeStaff('advisor', dealership._id);

    await ctx.http().get(`/api/dealerships/${other._id}/qrcode.png`).set(manager.auth).expect(403);
    await ctx
      .http()
      .get(`/api/dealerships/${dealership._id}/qrcode.png?advisorId=${foreignAdvisor.id}`)
      .set(manager.auth)
      .expect(404);
    const notAdvisor = await ctx
      .http()
      .get(`/api/dealerships/${dealership._id}/qrcode.png?advisorId=${colleague.id}`)
      .set(manager.auth)
      .expect(422);
    expect(notAdvisor.body.error.code).toBe('NOT_AN_ADVISOR');
    await ctx.http().get(`/api/dealerships/${dealership._id}/qrcode.png`).set(advisor.auth).expect(403);
  });

  test('WeChat failing to make a QR code is a clear error', async () => {
    const dealership = await makeDealership();
    const manager = await makeStaff('manager', dealership._id);
    ctx.sandbox.state.addFault({ path: '/wxa/getwxacodeunlimit', mode: 'errcode', errcode: 40097, times: 1 });
    const res = await ctx
      .http()
      .get(`/api/dealerships/${dealership._id}/qrcode.png`)
      .set(manager.auth)
      .expect(502);
    expect(res.body.error).toMatchObject({ code: 'WECHAT_ERROR', details: { errcode: 40097 } });
  });

  test('group admins open dealerships; managers change their settings within bounds', async () => {
    const admin = await makeStaff('group_admin', null);
    const created = await ctx
      .http()
      .post('/api/dealerships')
      .set(admin.auth)
      .send({ code: 'SZ02', name: '深圳福田店' })
      .expect(201);
    await ctx
      .http()
      .post('/api/dealerships')
      .set(admin.auth)
      .send({ code: 'SZ02', name: '重复' })
      .expect(409);
    await ctx
      .http()
      .post('/api/dealerships')
      .set(admin.auth)
      .send({ code: 'bad code', name: '深圳' })
      .expect(400);

    const manager = await makeStaff('manager', created.body.id);
    await ctx
      .http()
      .post('/api/dealerships')
      .set(manager.auth)
      .send({ code: 'SZ03', name: '深圳南山店' })
      .expect(403);
    const settings = await ctx
      .http()
      .get(`/api/dealerships/${created.body.id}/settings`)
      .set(manager.auth)
      .expect(200);
    expect(settings.body).toMatchObject({
      warranty: { years: 3, km: 100000 },
      sanbao: { years: 2, km: 50000 },
      claimAttemptsPerDay: 5
    });

    const changed = await ctx
      .http()
      .patch(`/api/dealerships/${created.body.id}/settings`)
      .set(manager.auth)
      .send({ warranty: { years: 4, km: 120000 } })
      .expect(200);
    expect(changed.body.warranty).toEqual({ years: 4, km: 120000 });
    const bad = await ctx
      .http()
      .patch(`/api/dealerships/${created.body.id}/settings`)
      .set(manager.auth)
      .send({ warranty: { years: -1, km: 1 } })
      .expect(400);
    expect(bad.body.error.details.issues.map((i: { path: string }) => i.path)).toEqual([
      'body.warranty.years',
      'body.warranty.km'
    ]);
    expect((await Dealership.findById(created.body.id).lean())!.settings).toMatchObject({
      warranty: { years: 4, km: 120000 }
    });

    const list = await ctx.http().get('/api/dealerships').set(manager.auth).expect(200);
    expect(list.body.items).toEqual([{ id: created.body.id, code: 'SZ02', name: '深圳福田店' }]);
  });
});
