import Koa from 'koa';
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import serve from 'koa-static';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Composition } from './composition';
import { errorHandler } from './middleware/error-handler';
import { requestContext } from './middleware/request-context';
import { securityHeaders } from './middleware/security-headers';
import { authenticate } from './modules/sessions/authenticate.middleware';

/** Builds the Koa app without listening, so tests drive it through supertest. */
export function createApp(composition: Composition): Koa {
  const { deps } = composition;
  // Behind TRUST_PROXY_HOPS trusted proxies, ctx.ip is the address the outermost one saw (the
  // right-most entries of X-Forwarded-For), never whatever the client put further left.
  const app = new Koa({ proxy: deps.config.TRUST_PROXY, maxIpsCount: deps.config.TRUST_PROXY_HOPS });
  const router = new Router();
  composition.mountRoutes(router);

  app.use(requestContext(deps.logger));
  app.use(securityHeaders());
  app.use(errorHandler());
  const parseJson = bodyParser({
    enableTypes: ['json'],
    jsonLimit: deps.config.JSON_BODY_LIMIT,
    encoding: 'utf-8',
    // Uploads stream through busboy in the imports module.
    patchNode: false
  });
  // Signed bodies (WeChat Pay notifications) are read raw by their handler.
  app.use((ctx, next) => (composition.rawBodyPaths.has(ctx.path) ? next() : parseJson(ctx, next)));
  app.use(authenticate());
  app.use(router.routes());
  app.use(router.allowedMethods());

  const h5Dir = resolve(deps.config.H5_DIR);
  if (existsSync(h5Dir)) app.use(serve(h5Dir, { maxage: 0, gzip: true }));
  return app;
}
