import type Router from '@koa/router';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { route } from '../../http/route';
import { badGateway, notFound } from '../../lib/errors';

/**
 * Demo mode only: in a browser there is no WeChat client to issue wx.login / getPhoneNumber
 * codes, so the H5 build asks the WeChat sandbox for them through these endpoints. They do
 * not exist in production (owner login there is WeChat-only).
 */
export function demoRoutes(router: Router, { config }: AppDeps): void {
  if (!config.DEMO_MODE) return;

  async function askSandbox(path: string, payload: unknown): Promise<{ code: string }> {
    const res = await fetch(`${config.WECHAT_API_BASE}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(config.WECHAT_TIMEOUT_MS)
    }).catch(() => null);
    if (!res || !res.ok) throw badGateway('SANDBOX_UNAVAILABLE', '微信沙箱不可用');
    const body = (await res.json()) as { code?: string };
    if (!body.code) throw notFound('演示授权码');
    return { code: body.code };
  }

  route.public(router, {
    method: 'post',
    path: '/api/demo/wechat/login-code',
    tag: 'demo',
    summary: 'Demo only: a wx.login code from the WeChat sandbox',
    body: z.strictObject({
      openid: z
        .string()
        .regex(/^[\w-]{6,64}$/)
        .optional()
    }),
    response: z.object({ code: z.string() }),
    handler: ({ body }) => askSandbox('/__sandbox/login-code', body)
  });

  route.public(router, {
    method: 'post',
    path: '/api/demo/wechat/phone-code',
    tag: 'demo',
    summary: 'Demo only: a getPhoneNumber code from the WeChat sandbox',
    body: z.strictObject({ phoneNumber: z.string().regex(/^1[3-9]\d{9}$/, '请输入11位手机号') }),
    response: z.object({ code: z.string() }),
    handler: ({ body }) => askSandbox('/__sandbox/phone-code', body)
  });
}
