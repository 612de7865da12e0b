import type { Middleware } from 'koa';
import { unauthorized } from '../../lib/errors';
import { resolveSession } from './session.service';

/**
 * Resolves `Authorization: Bearer <token>` into ctx.state.auth. A missing header leaves the
 * request anonymous (routes decide); a bad or expired token is refused outright.
 */
export function authenticate(): Middleware {
  return async (ctx, next) => {
    const header = ctx.get('authorization');
    if (header && ctx.path.startsWith('/api/')) {
      const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(header);
      const auth = match ? await resolveSession(match[1]) : null;
      if (!auth) throw unauthorized('登录已失效，请重新登录', 'SESSION_INVALID');
      ctx.state.auth = auth;
    }
    await next();
  };
}
