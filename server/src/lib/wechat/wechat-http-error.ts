import { AppError } from '../errors';
import { WechatError } from './wechat-error';

/** What a client is told when a WeChat call made on its behalf fails. */
export function wechatFailureToAppError(err: unknown): unknown {
  if (!(err instanceof WechatError)) return err;
  switch (err.errcode) {
    case 40029:
    case 40163:
      return new AppError(400, 'WECHAT_CODE_INVALID', '微信授权码无效或已使用，请重试', {
        errcode: err.errcode
      });
    case 45011:
      return new AppError(429, 'WECHAT_RATE_LIMITED', '操作过于频繁，请稍后再试', { errcode: err.errcode });
    case 40226:
      return new AppError(403, 'WECHAT_USER_BLOCKED', '该微信账号暂时无法使用本服务', {
        errcode: err.errcode
      });
    default:
      if (err.transient) return new AppError(503, 'WECHAT_UNAVAILABLE', '微信服务暂时不可用，请稍后再试');
      return new AppError(502, 'WECHAT_ERROR', '微信服务返回错误', { errcode: err.errcode });
  }
}

/** Runs a WeChat call, retrying once when WeChat reports it is busy (-1). */
export async function withBusyRetry<T>(call: () => Promise<T>, delayMs = 200): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof WechatError) || err.errcode !== -1) throw err;
    await new Promise((r) => setTimeout(r, delayMs));
    return call();
  }
}
