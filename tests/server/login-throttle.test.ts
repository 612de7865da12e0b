import { clientAddress } from '../../server/src/lib/rate-limit';
import { startTestApp, type TestContext } from '../support/harness';

/**
 * The staff login throttle counts per client address. Behind a trusted reverse proxy the
 * client is the address the proxy saw (the right-most X-Forwarded-For entry), never the
 * left-most, which the client writes itself.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({ TRUST_PROXY: 'true', LOGIN_RATE_PER_MINUTE: '3' });
});
afterAll(() => ctx.close());

let seq = 0;
const attempt = (forwardedFor: string) =>
  ctx
    .http()
    .post('/api/auth/staff/login')
    .set('X-Forwarded-For', forwardedFor)
    .send({ username: `nobody${++seq}`, password: 'wrong-password-1' });

test('a client cannot escape the throttle by writing its own X-Forwarded-For entries', async () => {
  for (let i = 1; i <= 3; i++) expect((await attempt(`10.9.9.${i}, 203.0.113.7`)).status).toBe(401);
  const blocked = await attempt('10.9.9.99, 203.0.113.7');
  expect(blocked.status).toBe(429);
  expect(blocked.body.error.message).toBe('登录请求过于频繁，请稍后再试');
  // Without any spoofed entry, the same client is still blocked.
  expect((await attempt('203.0.113.7')).status).toBe(429);
});

test('another client behind the same proxy is not blocked by the first', async () => {
  for (let i = 1; i <= 3; i++) expect((await attempt(`203.0.113.50`)).status).toBe(401);
  expect((await attempt('203.0.113.51')).status).toBe(401);
  expect((await attempt('203.0.113.50')).status).toBe(429);
});

describe('clientAddress', () => {
  const request = (ips: string[], socket = '10.0.0.1') => ({ ips, socket: { remoteAddress: socket } });
  test('one trusted proxy: the right-most entry', () => {
    expect(clientAddress(request(['6.6.6.6', '1.2.3.4']), 1)).toBe('1.2.3.4');
  });
  test('two trusted proxies: the second entry from the right', () => {
    expect(clientAddress(request(['6.6.6.6', '1.2.3.4', '172.16.0.2']), 2)).toBe('1.2.3.4');
  });
  test('fewer entries than trusted proxies, or no proxy trusted: the socket address', () => {
    expect(clientAddress(request(['1.2.3.4']), 2)).toBe('10.0.0.1');
    expect(clientAddress(request([]), 1)).toBe('10.0.0.1');
  });
});
