import type { Middleware } from 'koa';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../lib/logger';

/** Gives every request an id (kept from X-Request-Id when sane), a child logger and an access line. */
export function requestContext(logger: Logger): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const id = /^[\w.-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = id;
    ctx.state.log = logger.child({ reqId: id });
    ctx.set('X-Request-Id', id);
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (ctx.path.startsWith('/api/')) {
        (ctx.state.log as Logger).info(
          { method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(ms) },
          'request'
        );
      }
    }
  };
}
