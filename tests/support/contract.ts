import request, { type Response, type Test } from 'supertest';
import type { Server } from 'node:http';
import { errorBody } from '@dealer/shared';
import { operationFor } from '../../server/src/http/openapi';

/**
 * Every API answer a test receives is checked against the contract: an error against the one
 * error body, a JSON success against its operation's `response` schema (the same schema the
 * route declares and OpenAPI documents). Fields the schema does not declare count as drift.
 */

type Agent = ReturnType<typeof request>;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export class ContractViolation extends Error {}

/** Object keys present in `raw` but dropped by the schema parse (the schema does not declare them). */
function undeclaredFields(raw: unknown, parsed: unknown, path: string, found: string[]): string[] {
  if (Array.isArray(raw) && Array.isArray(parsed)) {
    raw.forEach((item, i) => undeclaredFields(item, parsed[i], `${path}[${i}]`, found));
  } else if (raw && parsed && typeof raw === 'object' && typeof parsed === 'object') {
    const kept = parsed as Record<string, unknown>;
    for (const [key, value] of Object.entries(raw)) {
      if (!(key in kept)) found.push(`${path}.${key}`);
      else undeclaredFields(value, kept[key], `${path}.${key}`, found);
    }
  }
  return found;
}

export function assertMatchesContract(method: string, url: string, res: Response): void {
  const where = `${method.toUpperCase()} ${url} -> ${res.status}`;
  if (!/json/.test(res.type ?? '') || res.status === 204) return;
  const op = operationFor(method, url);
  if (res.status >= 400) {
    const result = errorBody.safeParse(res.body);
    if (!result.success) throw new ContractViolation(`${where}: not the error body: ${result.error.message}`);
    return;
  }
  // Answers outside the route table (OpenAPI document, health, static files) have no schema.
  if (!op) return;
  if (!op.response)
    throw new ContractViolation(`${where}: JSON answer but the route declares no response schema`);
  const result = op.response.safeParse(res.body);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ContractViolation(`${where}: answer does not match its response schema: ${issues}`);
  }
  const extra = undeclaredFields(res.body, result.data, 'body', []);
  if (extra.length)
    throw new ContractViolation(
      `${where}: fields missing from the response schema: ${extra.slice(0, 10).join(', ')}`
    );
}

/** Runs the contract check once the answer arrived (after the test's own `.expect`s passed). */
function checked(test: Test, method: string, url: string): Test {
  const settle = test.then.bind(test);
  test.then = ((onFulfilled, onRejected) =>
    settle((res: Response) => {
      assertMatchesContract(method, url, res);
      return res;
    }).then(onFulfilled, onRejected)) as Test['then'];
  return test;
}

/** supertest against the real server, every answer checked against the API contract. */
export function contractCheckedAgent(server: Server): Agent {
  const agent = request(server);
  for (const method of METHODS) {
    const send = agent[method].bind(agent);
    agent[method] = ((url: string) => checked(send(url), method, url)) as Agent[typeof method];
  }
  return agent;
}
