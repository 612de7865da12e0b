/**
 * Typed errors with a stable code. Services throw these; one middleware renders them as
 * `{ error: { code, message, details? } }` with the status.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, details?: unknown) =>
  new AppError(400, code, message, details);
export const unauthorized = (message = '请先登录', code = 'UNAUTHENTICATED') =>
  new AppError(401, code, message);
export const forbidden = (message = '无权执行此操作', code = 'FORBIDDEN') => new AppError(403, code, message);
export const notFound = (what = '资源', code = 'NOT_FOUND') => new AppError(404, code, `${what}不存在`);
export const conflict = (code: string, message: string, details?: unknown) =>
  new AppError(409, code, message, details);
export const payloadTooLarge = (message: string) => new AppError(413, 'PAYLOAD_TOO_LARGE', message);
export const unsupportedMediaType = (message: string) => new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', message);
export const unprocessable = (code: string, message: string, details?: unknown) =>
  new AppError(422, code, message, details);
export const locked = (code: string, message: string, details?: unknown) =>
  new AppError(423, code, message, details);
export const tooManyRequests = (message: string, details?: unknown, code = 'TOO_MANY_REQUESTS') =>
  new AppError(429, code, message, details);
export const badGateway = (code: string, message: string, details?: unknown) =>
  new AppError(502, code, message, details);

/** MongoDB duplicate-key error (unique index), the project's concurrency guard. */
export function isDuplicateKeyError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: number; writeErrors?: Array<{ code?: number; err?: { code?: number } }> };
  if (e.code === 11000) return true;
  return Array.isArray(e.writeErrors) && e.writeErrors.some((w) => (w.code ?? w.err?.code) === 11000);
}
