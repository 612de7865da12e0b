/**
 * `/__sandbox/pay/*`: the pay control endpoints (JSON; bad input -> 400 `{error}`). They
 * call the same PayState methods tests use in-process as `sb.state.pay`.
 */
import { SandboxControlError } from '../errors';
import type { PayState } from './state';
import type { PayFaultKind, PayMode, RefundOutcome } from './types';

export interface PayControlAnswer {
  status: number;
  body: unknown;
}

type Body = Record<string, unknown>;
type Route = (b: Body, q: Record<string, string>, pay: PayState) => unknown;

function text(b: Body, key: string): string {
  const v = b[key];
  if (typeof v !== 'string' || v === '')
    throw new SandboxControlError(`${key} is required (a non-empty string)`);
  return v;
}

function optionalNumber(b: Body, key: string): number | undefined {
  const v = b[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number') throw new SandboxControlError(`${key} must be a number`);
  return v;
}

const ROUTES: Record<string, Route> = {
  'GET /__sandbox/pay': (_b, _q, pay) => pay.config(),
  'POST /__sandbox/pay/complete': (b, _q, pay) => ({ transaction: pay.complete(text(b, 'outTradeNo')) }),
  'POST /__sandbox/pay/lose-notifications': (b, _q, pay) => ({
    transaction: pay.loseNotifications(text(b, 'outTradeNo'))
  }),
  'POST /__sandbox/pay/duplicate-notification': async (b, _q, pay) => ({
    notifications: await pay.duplicateNotification(text(b, 'outTradeNo'), optionalNumber(b, 'times') ?? 1)
  }),
  'POST /__sandbox/pay/probe': async (b, _q, pay) => ({
    notification: await pay.probe(text(b, 'notifyUrl'))
  }),
  'GET /__sandbox/pay/faults': (_b, _q, pay) => ({ faults: pay.faults() }),
  'POST /__sandbox/pay/faults': (b, _q, pay) => ({
    fault: pay.fault({
      path: text(b, 'path'),
      kind: text(b, 'kind') as PayFaultKind,
      times: optionalNumber(b, 'times'),
      delayMs: optionalNumber(b, 'delayMs')
    })
  }),
  'DELETE /__sandbox/pay/faults': (_b, _q, pay) => {
    pay.clearFaults();
    return { ok: true };
  },
  'POST /__sandbox/pay/mode': (b, _q, pay) => {
    pay.setMode(text(b, 'mode') as PayMode);
    return pay.config();
  },
  'POST /__sandbox/pay/refund-outcome': (b, _q, pay) => ({
    refund: pay.refundOutcome(text(b, 'outRefundNo'), text(b, 'outcome') as RefundOutcome) ?? null
  }),
  'GET /__sandbox/pay/notifications': (_b, q, pay) => ({
    notifications: pay.notifications({
      outTradeNo: q.out_trade_no || undefined,
      outRefundNo: q.out_refund_no || undefined
    })
  }),
  'GET /__sandbox/pay/transactions': (_b, _q, pay) => ({ transactions: pay.transactions() }),
  'GET /__sandbox/pay/refunds': (_b, _q, pay) => ({ refunds: pay.refunds() }),
  'POST /__sandbox/pay/idle': async (_b, _q, pay) => {
    await pay.idle();
    return { ok: true };
  }
};

export async function handlePayControl(
  method: string,
  path: string,
  query: Record<string, string>,
  body: unknown,
  pay: PayState | undefined
): Promise<PayControlAnswer> {
  if (!pay) return { status: 404, body: { error: 'this sandbox was started without pay' } };
  const route = ROUTES[`${method} ${path.replace(/\/+$/, '')}`];
  if (!route) return { status: 404, body: { error: `no control endpoint ${method} ${path}` } };
  const b: Body = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Body) : {};
  try {
    return { status: 200, body: await route(b, query, pay) };
  } catch (err) {
    if (err instanceof SandboxControlError) return { status: 400, body: { error: err.message } };
    throw err;
  }
}
