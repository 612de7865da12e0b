import type Router from '@koa/router';
import type { Context } from 'koa';
import { z, type ZodType } from 'zod';
import { roleCan, type Capability } from '@dealer/shared';
import { AppError, forbidden, unauthorized } from '../lib/errors';
import type { AuthContext, OwnerAuth, StaffAuth } from './auth-context';
import { registerOperation } from './openapi';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What a handler answers: the output of its `response` schema; anything for raw / empty answers. */
type AnswerOf<S> = [S] extends [ZodType] ? z.output<S> : unknown;

interface RouteBase<B, Q, P, S> {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  body?: ZodType<B>;
  query?: ZodType<Q>;
  params?: ZodType<P>;
  /** The JSON answer: types the handler's result, documented in OpenAPI and checked by the tests. Raw answers set `produces` instead. */
  response?: S;
  produces?: string;
  /** 200 by default; 204 answers have no body. */
  status?: number;
}

interface Input<B, Q, P, A> {
  body: B;
  query: Q;
  params: P;
  auth: A;
  ctx: Context;
}

type Handler<B, Q, P, A, S> = (input: Input<B, Q, P, A>) => Promise<AnswerOf<S>>;

export interface RouteSpec<B, Q, P, A, S> extends RouteBase<B, Q, P, S> {
  handler: Handler<B, Q, P, A, S>;
}

function parsePart<T>(schema: ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({
    path: [where, ...i.path.map(String)].join('.'),
    message: i.message,
    code: i.code
  }));
  throw new AppError(400, 'VALIDATION_FAILED', `请求参数有误：${issues[0].path} ${issues[0].message}`, {
    issues
  });
}

/**
 * Registers one thin route: authenticate -> validate -> handler (load, authorize, service,
 * present) -> answer. Also records the operation for the OpenAPI document.
 */
function mount<B, Q, P, A, S extends ZodType | undefined>(
  router: Router,
  spec: RouteSpec<B, Q, P, A, S>,
  security: 'public' | 'owner' | 'staff',
  resolveAuth: (ctx: Context) => A,
  capability?: Capability
): void {
  registerOperation({ ...spec, security, capability });
  router[spec.method](spec.path, async (ctx: Context) => {
    const auth = resolveAuth(ctx);
    const params = parsePart(spec.params, ctx.params, 'params');
    const query = parsePart(spec.query, ctx.query, 'query');
    const body = parsePart(spec.body, ctx.request.body ?? {}, 'body');
    const result = await spec.handler({ body, query, params, auth, ctx });
    if (spec.status === 204) {
      ctx.status = 204;
      return;
    }
    if (result !== undefined) {
      ctx.status = spec.status ?? 200;
      ctx.body = result;
    }
  });
}

const currentAuth = (ctx: Context): AuthContext | null => (ctx.state.auth as AuthContext | undefined) ?? null;

export const route = {
  public<B = undefined, Q = undefined, P = undefined, S extends ZodType | undefined = undefined>(
    router: Router,
    spec: RouteSpec<B, Q, P, AuthContext | null, S>
  ) {
    mount(router, spec, 'public', currentAuth);
  },
  owner<B = undefined, Q = undefined, P = undefined, S extends ZodType | undefined = undefined>(
    router: Router,
    spec: RouteSpec<B, Q, P, OwnerAuth, S>
  ) {
    mount(router, spec, 'owner', (ctx) => {
      const auth = currentAuth(ctx);
      if (!auth) throw unauthorized();
      if (auth.kind !== 'owner') throw forbidden('仅限车主使用');
      return auth;
    });
  },
  staff<B = undefined, Q = undefined, P = undefined, S extends ZodType | undefined = undefined>(
    router: Router,
    spec: RouteSpec<B, Q, P, StaffAuth, S> & { capability: Capability }
  ) {
    mount(
      router,
      spec,
      'staff',
      (ctx) => {
        const auth = currentAuth(ctx);
        if (!auth) throw unauthorized();
        if (auth.kind !== 'staff') throw forbidden('仅限员工使用');
        if (!roleCan(auth.role, spec.capability)) throw forbidden();
        return auth;
      },
      spec.capability
    );
  }
};

/** Common parameter schemas. */
export const objectIdParam = z.string().regex(/^[0-9a-f]{24}$/, '无效的编号');
export const idParams = z.strictObject({ id: objectIdParam });
