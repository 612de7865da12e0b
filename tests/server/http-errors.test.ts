import { Staff } from '../../server/src/modules/staff/staff.model';
import { startTestApp, type TestContext } from '../support/harness';
import { makeDealership, makeStaff } from '../support/factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

describe('the HTTP stack', () => {
  test('health reports the database engine; OpenAPI 3.1 lists the routes', async () => {
    const health = await ctx.http().get('/api/health').expect(200);
    expect(health.body).toMatchObject({
      status: 'ok',
      database: { engine: process.env.TEST_DB_ENGINE === 'ferretdb' ? 'ferretdb' : 'mongodb' }
    });
    if (process.env.TEST_DB_ENGINE === 'ferretdb') expect(health.body.database.version).toBe('v1.24.2');
    expect(health.headers['x-request-id']).toMatch(/.{8,}/);
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    const doc = await ctx.http().get('/api/openapi.json').expect(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(
      doc.body.paths['/api/owner/bindings'].post.requestBody.content['application/json'].schema.required
    ).toEqual(['scene', 'phoneCode']);
    expect(doc.body.paths['/api/staff/{id}'].patch.parameters[0]).toMatchObject({
      name: 'id',
      in: 'path',
      required: true
    });
  });

  test('client mistakes get clear 4xx errors and change nothing', async () => {
    const dealership = await makeDealership();
    const manager = await makeStaff('manager', dealership._id);
    const before = await Staff.countDocuments();
    const post = () => ctx.http().post('/api/staff').set(manager.auth);

    const malformed = await post()
      .set('Content-Type', 'application/json')
      .send('{"username": "x",')
      .expect(400);
    expect(malformed.body.error.code).toBe('MALFORMED_JSON');

    const wrongTypes = await post()
      .send({ username: 123, name: ['a'], role: 'advisor', password: 'Str0ngPassw0rd' })
      .expect(400);
    expect(wrongTypes.body.error.code).toBe('VALIDATION_FAILED');
    expect(wrongTypes.body.error.details.issues.map((i: { path: string }) => i.path)).toEqual([
      'body.username',
      'body.name'
    ]);

    const unknown = await post()
      .send({ username: 'abc.def', name: 'x', role: 'advisor', password: 'Str0ngPassw0rd', isAdmin: true })
      .expect(400);
    expect(unknown.body.error.details.issues[0].message).toMatch(/isAdmin/);

    const injection = await ctx
      .http()
      .post('/api/auth/staff/login')
      .send({ username: { $gt: '' }, password: { $gt: '' } })
      .expect(400);
    expect(injection.body.error.code).toBe('VALIDATION_FAILED');

    const huge = await post()
      .send({ username: 'abc.def', name: 'x'.repeat(200_000), role: 'advisor', password: 'Str0ngPassw0rd' })
      .expect(413);
    expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');

    await post().set('Content-Type', 'text/plain').send('hello').expect(400);
    expect((await ctx.http().get('/api/staff/not-an-id').set(manager.auth).expect(405)).body.error.code).toBe(
      'METHOD_NOT_ALLOWED'
    );
    await ctx.http().patch('/api/staff/not-an-id').set(manager.auth).send({}).expect(400);
    const missing = await ctx.http().get('/api/no-such-route').expect(404);
    expect(missing.body.error.code).toBe('ROUTE_NOT_FOUND');
    await ctx.http().get('/api/me').set('Authorization', 'Bearer garbage').expect(401);

    expect(await Staff.countDocuments()).toBe(before);
  });
});
