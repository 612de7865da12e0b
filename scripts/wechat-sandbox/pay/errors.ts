/** WeChat Pay API v3 error answers: HTTP status plus `{code, message, detail?}`. */

export interface PayErrorBody {
  code: string;
  message: string;
  detail?: { field?: string; value?: unknown; issue?: string; location?: string };
}

export interface PayAnswer {
  status: number;
  /** JSON body; absent for 204 No Content. */
  body?: object;
}

/** The codes the sandbox answers, with WeChat's HTTP status and message. */
export const PAY_ERRORS = {
  PARAM_ERROR: [400, '参数错误'],
  INVALID_REQUEST: [400, '无效请求'],
  ORDERPAID: [400, '该订单已支付'],
  ORDER_CLOSED: [400, '订单已关闭'],
  APPID_MCHID_NOT_MATCH: [400, 'appid和mch_id不匹配'],
  MCH_NOT_EXISTS: [400, '商户号不存在'],
  SIGN_ERROR: [401, '错误的签名，验签失败'],
  OUT_TRADE_NO_USED: [403, '商户订单号重复'],
  ORDER_NOT_EXIST: [404, '订单不存在'],
  RESOURCE_NOT_EXISTS: [404, '订单号不存在'],
  NOT_FOUND: [404, '请求的资源不存在'],
  METHOD_NOT_ALLOWED: [405, '请求方法不被允许'],
  SYSTEM_ERROR: [500, '系统错误']
} as const satisfies Record<string, readonly [number, string]>;

export type PayErrorCode = keyof typeof PAY_ERRORS;

export function payError(code: PayErrorCode, message?: string, detail?: PayErrorBody['detail']): PayAnswer {
  const [status, standard] = PAY_ERRORS[code];
  const body: PayErrorBody = { code, message: message ?? standard };
  if (detail) body.detail = detail;
  return { status, body };
}

/** PARAM_ERROR naming the JSON pointer of the bad field, as WeChat does. */
export function paramError(field: string, issue: string, value?: unknown): PayAnswer {
  return payError('PARAM_ERROR', `输入源“/body${field}”映射到值字段“${field}”字符串规则校验失败，${issue}`, {
    field,
    ...(value === undefined ? {} : { value }),
    issue,
    location: 'body'
  });
}

/** Thrown inside request handling to answer an error at once. */
export class PayFailure extends Error {
  constructor(readonly answer: PayAnswer) {
    super(JSON.stringify(answer.body));
    this.name = 'PayFailure';
  }
}

export function fail(answer: PayAnswer): never {
  throw new PayFailure(answer);
}
