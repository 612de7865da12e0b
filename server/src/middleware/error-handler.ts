import type { Middleware } from 'koa';
import { AppError } from '../lib/errors';
import type { Logger } from '../lib/logger';

interface HttpishError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  type?: string;
  message?: string;
}

/** Errors that Koa's body parser and friends raise for a client's mistake. */
function fromHttpError(err: HttpishError): AppError | null {
  const status = err.status ?? err.statusCode;
  if (!status || status < 400 || status >= 500) return null;
  if (status === 413) return new AppError(413, 'PAYLOAD_TOO_LARGE', '请求体过大');
  if (status === 415) return new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型');
  if (err.type === 'entity.parse.failed' || /json/i.test(err.message ?? '')) {
    return new AppError(400, 'MALFORMED_JSON', '请求体不是有效的 JSON');
  }
  return new AppError(status, 'BAD_REQUEST', err.expose && err.message ? err.message : '请求有误');
}

/** The one place errors become `{ error: { code, message, details? } }`. */
export function errorHandler(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.path.startsWith('/api/') && (ctx.body === undefined || ctx.body === null)) {
        if (ctx.status === 404) throw new AppError(404, 'ROUTE_NOT_FOUND', '接口不存在');
        if (ctx.status === 405) throw new AppError(405, 'METHOD_NOT_ALLOWED', '接口不支持该请求方法');
      }
    } catch (raw) {
      const err = raw instanceof AppError ? raw : fromHttpError(raw as HttpishError);
      if (err) {
        ctx.status = err.status;
        ctx.body = {
          error: {
            code: err.code,
            message: err.message,
            ...(err.details === undefined ? {} : { details: err.details })
          }
        };
        return;
      }
      (ctx.state.log as Logger | undefined)?.error({ err: raw }, 'unhandled error');
      ctx.status = 500;
      ctx.body = {
        error: {
          code: 'INTERNAL',
          message: '服务器内部错误，请稍后再试',
          details: { requestId: ctx.state.requestId }
        }
      };
    }
  };
}
