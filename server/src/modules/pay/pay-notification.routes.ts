import type Router from '@koa/router';
import type { Context } from 'koa';
import type { AppDeps } from '../../deps';
import { handleNotification } from './pay-notification.service';
import { NOTIFICATIONS_PATH, payRuntime } from './pay-runtime';

/**
 * `POST /api/pay/notifications`: WeChat Pay's notify_url. The signature covers the raw bytes, so
 * the JSON body parser skips this path (composition: `rawBodyPaths`) and the body is read here.
 * Not an API of ours: it answers in WeChat's format and is left out of the OpenAPI document.
 */

const MAX_NOTIFICATION_BYTES = 64 * 1024;

async function rawBodyOf(ctx: Context): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    const part = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += part.length;
    if (size > MAX_NOTIFICATION_BYTES) return null;
    chunks.push(part);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function payNotificationRoutes(router: Router, deps: AppDeps): void {
  const runtime = payRuntime(deps.config);
  router.post(NOTIFICATIONS_PATH, async (ctx) => {
    const body = await rawBodyOf(ctx);
    const answer =
      body === null
        ? { status: 413, body: { code: 'FAIL' as const, message: '通知过大' } }
        : await handleNotification(runtime, ctx.headers, body).catch((err: unknown) => {
            deps.logger.error({ err }, 'pay notification failed');
            return { status: 500, body: { code: 'FAIL' as const, message: '系统繁忙，请稍后重试' } };
          });
    if ('error' in answer && answer.error)
      deps.logger.error({ err: answer.error }, 'pay notification not stored; WeChat will send it again');
    ctx.status = answer.status;
    if (answer.body) ctx.body = answer.body;
  });
}

export const PAY_RAW_BODY_PATHS = [NOTIFICATIONS_PATH] as const;
