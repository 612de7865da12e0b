/**
 * `/__sandbox/*`: the control endpoints that play the WeChat client's role (login codes,
 * phone codes, subscription accepts) and let tests and the demo inspect and script the
 * sandbox. They call the same SandboxState methods tests use in-process.
 */
import { SandboxControlError } from './errors';
import type { SandboxConfigPatch, SandboxState } from './state';
import type { FaultSpec, UserInit } from './types';

export interface ControlAnswer {
  status: number;
  body: unknown;
}

type Body = Record<string, unknown>;

function fail(message: string): never {
  throw new SandboxControlError(message);
}

function optString(b: Body, key: string): string | undefined {
  const v = b[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v === '') fail(`${key} must be a non-empty string`);
  return v;
}

function optBoolean(b: Body, key: string): boolean | undefined {
  const v = b[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') fail(`${key} must be a boolean`);
  return v;
}

function optNumber(b: Body, key: string): number | undefined {
  const v = b[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number') fail(`${key} must be a number`);
  return v;
}

function userInit(b: Body): UserInit {
  return {
    openid: optString(b, 'openid'),
    unionid: optString(b, 'unionid'),
    phoneNumber: optString(b, 'phoneNumber'),
    highRisk: optBoolean(b, 'highRisk')
  };
}

function stringList(v: unknown, key: string): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) fail(`${key} must be a list of strings`);
  return v as string[];
}

const ok = (body: unknown = { ok: true }): ControlAnswer => ({ status: 200, body });

type Route = (b: Body, q: Record<string, string>, state: SandboxState) => ControlAnswer;

const ROUTES: Record<string, Route> = {
  'GET /__sandbox': (_b, _q, s) => ok({ ...s.config(), now: s.now() }),
  'POST /__sandbox/reset': (_b, _q, s) => {
    s.reset();
    return ok();
  },
  'POST /__sandbox/users': (b, _q, s) => ok(s.createUser(userInit(b))),
  'GET /__sandbox/users': (_b, _q, s) => ok({ users: s.listUsers() }),
  'POST /__sandbox/login-code': (b, _q, s) => ok(s.mintLoginCode(userInit(b))),
  'POST /__sandbox/phone-code': (b, _q, s) =>
    ok(
      s.mintPhoneCode({
        phoneNumber: optString(b, 'phoneNumber') ?? fail('phoneNumber is required'),
        countryCode: optString(b, 'countryCode'),
        openid: optString(b, 'openid')
      })
    ),
  'POST /__sandbox/subscribe': (b, _q, s) => {
    const openid = optString(b, 'openid') ?? fail('openid is required');
    const quotas = s.grantSubscription(
      openid,
      stringList(b.templateIds, 'templateIds'),
      optNumber(b, 'count') ?? 1
    );
    return ok({ openid, quotas });
  },
  'GET /__sandbox/quotas': (_b, q, s) => {
    if (!q.openid) fail('openid is required');
    return ok({ openid: q.openid, quotas: s.quotas(q.openid) });
  },
  'GET /__sandbox/messages': (_b, q, s) =>
    ok({ messages: s.messages({ touser: q.touser || undefined, template_id: q.template_id || undefined }) }),
  'DELETE /__sandbox/messages': (_b, _q, s) => {
    s.clearMessages();
    return ok();
  },
  'GET /__sandbox/calls': (_b, q, s) => ok({ calls: s.calls({ path: q.path || undefined }) }),
  'DELETE /__sandbox/calls': (_b, _q, s) => {
    s.clearCalls();
    return ok();
  },
  'GET /__sandbox/faults': (_b, _q, s) => ok({ faults: s.faults() }),
  'POST /__sandbox/faults': (b, _q, s) => {
    const spec: FaultSpec = {
      path: optString(b, 'path') ?? fail('path is required'),
      mode: (optString(b, 'mode') ?? fail('mode is required')) as FaultSpec['mode'],
      errcode: optNumber(b, 'errcode'),
      errmsg: optString(b, 'errmsg'),
      status: optNumber(b, 'status'),
      delayMs: optNumber(b, 'delayMs'),
      times: optNumber(b, 'times')
    };
    return ok({ fault: s.addFault(spec) });
  },
  'DELETE /__sandbox/faults': (_b, q, s) => {
    s.clearFaults(q.path || undefined);
    return ok();
  },
  'POST /__sandbox/config': (b, _q, s) => {
    const patch: SandboxConfigPatch = {};
    if ('ratePerSecond' in b)
      patch.ratePerSecond = b.ratePerSecond === null ? null : (optNumber(b, 'ratePerSecond') ?? null);
    if ('pages' in b) patch.pages = b.pages === null ? null : stringList(b.pages, 'pages');
    if ('templates' in b) {
      const t = b.templates;
      if (typeof t !== 'object' || t === null || Array.isArray(t)) fail('templates must be an object');
      patch.templates = Object.fromEntries(
        Object.entries(t).map(([k, v]) => [k, stringList(v, `templates.${k}`)])
      );
    }
    return ok(s.configure(patch));
  },
  'POST /__sandbox/clock': (b, _q, s) => {
    s.advanceClock(optNumber(b, 'advanceMs') ?? fail('advanceMs is required'));
    return ok({ now: s.now() });
  },
  'POST /__sandbox/tokens/revoke': (_b, _q, s) => {
    s.revokeAccessTokens();
    return ok();
  }
};

export function handleControl(
  method: string,
  path: string,
  query: Record<string, string>,
  body: unknown,
  state: SandboxState
): ControlAnswer {
  const route = ROUTES[`${method} ${path.replace(/\/+$/, '') || '/'}`];
  if (!route) return { status: 404, body: { error: `no control endpoint ${method} ${path}` } };
  const b: Body = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Body) : {};
  try {
    return route(b, query, state);
  } catch (err) {
    if (err instanceof SandboxControlError) return { status: 400, body: { error: err.message } };
    throw err;
  }
}
