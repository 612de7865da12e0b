/**
 * The API v3 paths the sandbox answers, on WeChat Pay's real paths. Each handler gets the
 * authenticated merchant's request and returns the answer WeChat would give (errors are
 * thrown as PayFailure by the helpers).
 */
import { fail, paramError, payError, type PayAnswer } from './errors';
import { presentRefund, presentTrade } from './present';
import type { PayState } from './state';
import {
  OUT_REFUND_NO,
  OUT_TRADE_NO,
  currency,
  isJson,
  type Json,
  matching,
  maxBytes,
  notifyUrl,
  objectField,
  optionalString,
  positiveFen,
  requiredString,
  rfc3339
} from './validate';

export interface PayRequest {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  bodyInvalid: boolean;
}

export interface PayRoute {
  method: 'GET' | 'POST';
  /** e.g. `/v3/pay/transactions/out-trade-no/{out_trade_no}` */
  template: string;
  handle(req: PayRequest, pay: PayState): PayAnswer;
}

const ok = (body: object): PayAnswer => ({ status: 200, body });

function jsonBody(req: PayRequest): Json {
  if (req.bodyInvalid || !isJson(req.body)) fail(payError('PARAM_ERROR', '请求体不是合法的JSON对象'));
  return req.body;
}

/** The merchant named in the body or query must be the one that signed (and the sandbox's). */
function ownMchid(mchid: string | undefined, pay: PayState, pointer: string): void {
  if (mchid === undefined) fail(paramError(pointer, '缺少必填参数'));
  if (mchid !== pay.keys.mchid) fail(payError('MCH_NOT_EXISTS', '商户号不存在或与请求签名的商户号不一致'));
}

function placeOrder(req: PayRequest, pay: PayState): PayAnswer {
  const body = jsonBody(req);
  const appid = requiredString(body, 'appid');
  ownMchid(requiredString(body, 'mchid'), pay, '/mchid');
  const description = maxBytes(requiredString(body, 'description'), 127, '/description');
  const outTradeNo = matching(
    requiredString(body, 'out_trade_no'),
    OUT_TRADE_NO,
    '/out_trade_no',
    '长度6-32，只能是数字、大小写字母及_-|*'
  );
  const expire = optionalString(body, 'time_expire');
  const attach = optionalString(body, 'attach');
  if (attach !== undefined) maxBytes(attach, 128, '/attach');
  const notify = notifyUrl(requiredString(body, 'notify_url'), '/notify_url');
  const amount = objectField(body, 'amount');
  const total = positiveFen(amount, 'total', '/amount/total');
  currency(amount, '/amount/currency', false);
  const payer = objectField(body, 'payer');
  const openid = maxBytes(requiredString(payer, 'openid', '/payer/openid'), 128, '/payer/openid');
  if (appid !== pay.keys.appid) fail(payError('APPID_MCHID_NOT_MATCH'));
  const trade = pay.ledger.placeOrder({
    appid,
    mchid: pay.keys.mchid,
    outTradeNo,
    description,
    notifyUrl: notify,
    total,
    openid,
    attach,
    timeExpire: expire === undefined ? undefined : rfc3339(expire, '/time_expire')
  });
  return ok({ prepay_id: trade.prepayId });
}

function queryByOutTradeNo(req: PayRequest, pay: PayState): PayAnswer {
  ownMchid(req.query.mchid, pay, '/mchid');
  const trade = pay.ledger.trade(req.params.out_trade_no ?? '') ?? fail(payError('ORDER_NOT_EXIST'));
  return ok(presentTrade(trade));
}

function queryByTransactionId(req: PayRequest, pay: PayState): PayAnswer {
  ownMchid(req.query.mchid, pay, '/mchid');
  const trade =
    pay.ledger.tradeByTransactionId(req.params.transaction_id ?? '') ?? fail(payError('ORDER_NOT_EXIST'));
  return ok(presentTrade(trade));
}

function closeOrder(req: PayRequest, pay: PayState): PayAnswer {
  ownMchid(requiredString(jsonBody(req), 'mchid'), pay, '/mchid');
  pay.ledger.close(req.params.out_trade_no ?? '');
  return { status: 204 };
}

function requestRefund(req: PayRequest, pay: PayState): PayAnswer {
  const body = jsonBody(req);
  const transactionId = optionalString(body, 'transaction_id');
  const outTradeNo = optionalString(body, 'out_trade_no');
  if (!transactionId && !outTradeNo)
    fail(paramError('/out_trade_no', 'transaction_id和out_trade_no必须二选一'));
  const outRefundNo = matching(
    requiredString(body, 'out_refund_no'),
    OUT_REFUND_NO,
    '/out_refund_no',
    '长度1-64，只能是数字、大小写字母及_-|*@'
  );
  const reason = optionalString(body, 'reason');
  if (reason !== undefined) maxBytes(reason, 80 * 3, '/reason');
  const notify = optionalString(body, 'notify_url');
  const amount = objectField(body, 'amount');
  const refundFen = positiveFen(amount, 'refund', '/amount/refund');
  const totalFen = positiveFen(amount, 'total', '/amount/total');
  currency(amount, '/amount/currency', true);
  if (refundFen > totalFen) fail(payError('INVALID_REQUEST', '退款金额不能大于订单金额'));
  const { refund, created } = pay.ledger.requestRefund({
    transactionId,
    outTradeNo,
    outRefundNo,
    reason,
    notifyUrl: notify === undefined ? undefined : notifyUrl(notify, '/notify_url'),
    refund: refundFen,
    total: totalFen
  });
  if (created) pay.refundAccepted(refund);
  return ok(presentRefund(refund));
}

function queryRefund(req: PayRequest, pay: PayState): PayAnswer {
  const refund =
    pay.ledger.refund(req.params.out_refund_no ?? '') ??
    fail(payError('RESOURCE_NOT_EXISTS', '退款单不存在'));
  return ok(presentRefund(refund));
}

export const PAY_ROUTES: readonly PayRoute[] = [
  { method: 'POST', template: '/v3/pay/transactions/jsapi', handle: placeOrder },
  { method: 'GET', template: '/v3/pay/transactions/out-trade-no/{out_trade_no}', handle: queryByOutTradeNo },
  { method: 'GET', template: '/v3/pay/transactions/id/{transaction_id}', handle: queryByTransactionId },
  { method: 'POST', template: '/v3/pay/transactions/out-trade-no/{out_trade_no}/close', handle: closeOrder },
  { method: 'POST', template: '/v3/refund/domestic/refunds', handle: requestRefund },
  { method: 'GET', template: '/v3/refund/domestic/refunds/{out_refund_no}', handle: queryRefund },
  { method: 'GET', template: '/v3/certificates', handle: (_req, pay) => ok(pay.certificates()) }
];

export interface RouteMatch {
  route: PayRoute;
  params: Record<string, string>;
}

/** Finds the route for a path: `{route, params}`, `'method'` when only the method is wrong, or undefined. */
export function matchPayRoute(method: string, path: string): RouteMatch | 'method' | undefined {
  let wrongMethod = false;
  const segments = path.split('/');
  for (const route of PAY_ROUTES) {
    const parts = route.template.split('/');
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = parts.every((part, i) => {
      const seg = segments[i] ?? '';
      if (!part.startsWith('{')) return part === seg;
      if (seg === '') return false;
      try {
        params[part.slice(1, -1)] = decodeURIComponent(seg);
        return true;
      } catch {
        return false;
      }
    });
    if (!matches) continue;
    if (route.method === method) return { route, params };
    wrongMethod = true;
  }
  return wrongMethod ? 'method' : undefined;
}
