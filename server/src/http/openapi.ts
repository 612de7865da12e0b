import { z, type ZodType } from 'zod';
import { rolesWith, type Capability } from '@dealer/shared';

/** Operations recorded by `route.*` as routes are mounted, rendered as OpenAPI 3.1. */
export interface Operation {
  method: string;
  path: string;
  summary: string;
  tag: string;
  security: 'public' | 'owner' | 'staff';
  /** Staff operations: the capability (shared/src/auth/capabilities.ts) a caller's role needs. */
  capability?: Capability;
  body?: ZodType;
  query?: ZodType;
  params?: ZodType;
  response?: ZodType;
  produces?: string;
  status?: number;
}

const operations = new Map<string, Operation>();

export function registerOperation(op: Operation): void {
  operations.set(`${op.method} ${op.path}`, op);
}

/** Every operation mounted so far (tests check the table; the harness checks answers against it). */
export function registeredOperations(): readonly Operation[] {
  return [...operations.values()];
}

const templateMatchers = new Map<string, RegExp>();

function matcherOf(path: string): RegExp {
  let matcher = templateMatchers.get(path);
  if (!matcher) {
    const pattern = path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, '[^/]+');
    matcher = new RegExp(`^${pattern}$`);
    templateMatchers.set(path, matcher);
  }
  return matcher;
}

/**
 * The operation answering a concrete request (`GET /api/customers/abc?page=2`), as the router
 * would pick it: among matching templates, the one with the fewest parameters.
 */
export function operationFor(method: string, url: string): Operation | undefined {
  const path = url.split('?')[0];
  const wanted = method.toLowerCase();
  const matches = [...operations.values()].filter(
    (op) => op.method === wanted && matcherOf(op.path).test(path)
  );
  const parameterCount = (op: Operation) => (op.path.match(/:/g) ?? []).length;
  return matches.sort((a, b) => parameterCount(a) - parameterCount(b))[0];
}

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: ZodType, io: 'input' | 'output'): JsonSchema =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;

function parametersOf(schema: ZodType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const json = toSchema(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, s]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    schema: s
  }));
}

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
      required: ['code', 'message']
    }
  },
  required: ['error']
};

function successResponse(op: Operation): JsonSchema {
  if (op.status === 204) return { description: 'No content' };
  if (op.produces)
    return {
      description: 'OK',
      content: { [op.produces]: { schema: { type: 'string', format: 'binary' } } }
    };
  return {
    description: 'OK',
    content: { 'application/json': { schema: op.response ? toSchema(op.response, 'output') : {} } }
  };
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string };
  components: JsonSchema;
  paths: Record<string, Record<string, JsonSchema>>;
}

export function buildOpenApiDocument(): OpenApiDocument {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of operations.values()) {
    const path = op.path.replace(/:(\w+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][op.method] = {
      summary: op.summary,
      tags: [op.tag],
      security: op.security === 'public' ? [] : [{ bearer: [] }],
      ...(op.capability ? { 'x-capability': op.capability, 'x-roles': rolesWith(op.capability) } : {}),
      parameters: [...parametersOf(op.params, 'path'), ...parametersOf(op.query, 'query')],
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: toSchema(op.body, 'input') } }
            }
          }
        : {}),
      responses: {
        [String(op.status ?? 200)]: successResponse(op),
        default: { description: 'Error', content: { 'application/json': { schema: errorSchema } } }
      }
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Dealer engagement API', version: '0.1.0' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths
  };
}
