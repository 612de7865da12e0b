import { startTestApp, type TestContext } from '../support/harness';
import { loginOwner, makeDealership, makeStaff } from '../support/factories';

/**
 * Every operation the API documents, probed with client mistakes: ids that are not ids, query
 * values of the wrong type, bodies of the wrong shape, operator injection, malformed JSON.
 * Each must answer with a 4xx (a client's mistake is never a 500) in the one error body.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

type Operation = { method: string; path: string; hasBody: boolean };

const BAD_IDS = ['not-an-id', '%24where', 'x'.repeat(300)];
const BAD_QUERY = 'page=-1&pageSize=abc&dealershipId=zzz&from=2026-13-45&q[$ne]=1&unknownField=1';
const BAD_BODIES: unknown[] = [{ $where: '1' }, [], 'text', { every: { nested: ['wrong'] } }, null];

/** Operations that end the caller's session go last, so the others run signed in. */
const endsSession = (op: Operation) => /logout|revoke/.test(op.path);

async function documentedOperations(): Promise<Operation[]> {
  const doc = await ctx.http().get('/api/openapi.json').expect(200);
  const paths = doc.body.paths as Record<string, Record<string, { requestBody?: unknown }>>;
  const ops = Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, spec]) => ({ method, path, hasBody: Boolean(spec.requestBody) }))
  );
  return [...ops.filter((op) => !endsSession(op)), ...ops.filter(endsSession)];
}

const withIds = (path: string, id: string) => path.replace(/\{\w+\}/g, id);

function expectClientError(op: Operation, status: number, body: unknown, what: string) {
  const label = `${op.method.toUpperCase()} ${op.path} (${what}) → ${status}`;
  expect({ label, clientError: status >= 400 && status < 500 }).toEqual({ label, clientError: true });
  if (status !== 401 && status !== 403 && status !== 404 && status !== 405) {
    expect({ label, body }).toEqual({
      label,
      body: expect.objectContaining({ error: expect.objectContaining({ code: expect.any(String) }) })
    });
  }
}

test('every documented operation answers bad input with a clear 4xx, never a 500', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const owner = await loginOwner(ctx);
  const ops = await documentedOperations();
  expect(ops.length).toBeGreaterThan(50);

  for (const op of ops) {
    const auth = op.path.startsWith('/api/owner') ? owner.auth : manager.auth;
    const send = (path: string) => ctx.http()[op.method as 'get'](path).set(auth);
    const hasParams = /\{\w+\}/.test(op.path);

    if (hasParams) {
      for (const id of BAD_IDS) {
        const res = await send(withIds(op.path, id));
        if (res.status < 400) continue; // a path parameter that is free text (e.g. a scene) may accept it
        expectClientError(op, res.status, res.body, `id ${id.slice(0, 12)}`);
      }
    }
    const path = withIds(op.path, '000000000000000000000000');
    const query = await send(`${path}?${BAD_QUERY}`);
    expect({ op: `${op.method} ${op.path}`, status: query.status < 500 }).toEqual({
      op: `${op.method} ${op.path}`,
      status: true
    });

    if (op.hasBody) {
      for (const body of BAD_BODIES) {
        const res = await send(path).set('Content-Type', 'application/json').send(JSON.stringify(body));
        expectClientError(op, res.status, res.body, `body ${JSON.stringify(body)}`);
      }
      const malformed = await send(path).set('Content-Type', 'application/json').send('{"broken":');
      expectClientError(op, malformed.status, malformed.body, 'malformed JSON');
    }
  }
});
