import type Router from '@koa/router';
import { z } from 'zod';
import { describeEngine } from '../../lib/db';
import { route } from '../../http/route';
import { buildOpenApiDocument } from '../../http/openapi';

const healthResponse = z.object({
  status: z.literal('ok'),
  database: z.object({ engine: z.string(), version: z.string() }),
  time: z.string()
});

/** The OpenAPI 3.1 document, described at its top level (the operations below are free-form). */
const openApiDocument = z.object({
  openapi: z.literal('3.1.0'),
  info: z.object({ title: z.string(), version: z.string() }),
  components: z.record(z.string(), z.unknown()),
  paths: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown())))
});

export function healthRoutes(router: Router): void {
  route.public(router, {
    method: 'get',
    path: '/api/health',
    tag: 'system',
    summary: 'Liveness and database engine',
    response: healthResponse,
    handler: async () => ({
      status: 'ok' as const,
      database: await describeEngine(),
      time: new Date().toISOString()
    })
  });
  route.public(router, {
    method: 'get',
    path: '/api/openapi.json',
    tag: 'system',
    summary: 'This API as an OpenAPI 3.1 document',
    response: openApiDocument,
    handler: async () => buildOpenApiDocument()
  });
}
