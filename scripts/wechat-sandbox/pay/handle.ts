/**
 * One API v3 call: authenticate the merchant (`Authorization` checked against the
 * merchant certificate), apply scripted faults, run the endpoint, sign the answer with the
 * platform key (`Wechatpay-*` headers; serial by mode).
 */
import { randomUUID } from 'node:crypto';
import { AUTH_SCHEME, newNonce, parseAuthorization, rsaSign, rsaVerify, signedLines } from './crypto';
import { PayFailure, payError, type PayAnswer } from './errors';
import { matchPayRoute } from './endpoints';
import type { PayState } from './state';
import type { ActivePayFault, PayFaultKind } from './types';

/** WeChat refuses request timestamps further than this from its clock. */
export const REQUEST_TIME_WINDOW_S = 300;

export interface PayHttpRequest {
  method: string;
  /** The request target exactly as sent (path and query): what the merchant signed. */
  target: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  raw: Buffer;
  body: unknown;
  bodyInvalid: boolean;
}

export interface PayHttpAnswer {
  status: number;
  headers: Record<string, string>;
  /** Exact body text ('' for 204). */
  text: string;
  /** Parsed body for the call log. */
  body?: object;
  fault?: PayFaultKind;
  /** kind timeout: hold the answer this long. */
  delayMs?: number;
}

function authenticate(req: PayHttpRequest, pay: PayState): PayAnswer | undefined {
  const auth = parseAuthorization(req.authorization);
  if (!auth)
    return payError(
      'SIGN_ERROR',
      `Http头Authorization值格式错误，请参考《微信支付商户REST API签名规则》（${AUTH_SCHEME}）`,
      {
        field: 'authorization',
        location: 'header'
      }
    );
  if (auth.mchid !== pay.keys.mchid) return payError('SIGN_ERROR', '商户号不存在或未配置API证书');
  if (auth.serialNo.toUpperCase() !== pay.keys.merchantSerial)
    return payError('SIGN_ERROR', '商户证书序列号有误。请使用签名私钥匹配的证书序列号');
  const timestamp = Number(auth.timestamp);
  if (!/^\d{1,12}$/.test(auth.timestamp) || Math.abs(Date.now() / 1000 - timestamp) > REQUEST_TIME_WINDOW_S)
    return payError('SIGN_ERROR', '签名中的时间戳已过期或无效');
  const message = signedLines(
    req.method,
    req.target,
    auth.timestamp,
    auth.nonceStr,
    req.raw.toString('utf8')
  );
  if (!rsaVerify(pay.keys.merchantCertPem, message, auth.signature))
    return payError('SIGN_ERROR', undefined, {
      field: 'signature',
      issue: 'sign not match',
      location: 'authorization'
    });
  return undefined;
}

function dispatch(req: PayHttpRequest, pay: PayState): { answer: PayAnswer; fault?: ActivePayFault } {
  const match = matchPayRoute(req.method, req.path);
  if (match === undefined) return { answer: payError('NOT_FOUND') };
  if (match === 'method') return { answer: payError('METHOD_NOT_ALLOWED') };
  const denied = authenticate(req, pay);
  if (denied) return { answer: denied };
  const fault = pay.takeFault(req.path, match.route.template);
  if (fault?.kind === '5xx') return { answer: payError('SYSTEM_ERROR'), fault };
  const call = { params: match.params, query: req.query, body: req.body, bodyInvalid: req.bodyInvalid };
  try {
    return { answer: match.route.handle(call, pay), fault };
  } catch (err) {
    if (!(err instanceof PayFailure)) throw err;
    return { answer: err.answer, fault };
  }
}

/** Runs the call and returns the signed answer (the caller sends it, after delayMs if set). */
export function handlePayCall(req: PayHttpRequest, pay: PayState): PayHttpAnswer {
  const { answer, fault } = dispatch(req, pay);
  const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = newNonce();
  // A bad-signature fault signs other bytes than those sent, so the merchant's check fails.
  const signedBody = fault?.kind === 'bad-signature' ? `${text}\n` : text;
  const headers: Record<string, string> = {
    'request-id': randomUUID(),
    'wechatpay-nonce': nonce,
    'wechatpay-timestamp': timestamp,
    'wechatpay-serial': pay.serial(),
    'wechatpay-signature': rsaSign(pay.keys.platformPrivateKeyPem, signedLines(timestamp, nonce, signedBody)),
    'wechatpay-signature-type': AUTH_SCHEME
  };
  if (text !== '') headers['content-type'] = 'application/json; charset=utf-8';
  return {
    status: answer.status,
    headers,
    text,
    ...(answer.body === undefined ? {} : { body: answer.body }),
    ...(fault ? { fault: fault.kind } : {}),
    ...(fault?.kind === 'timeout' ? { delayMs: fault.delayMs } : {})
  };
}
