import type { Response } from 'supertest';
import { z } from 'zod';
import { operationFor } from '../../server/src/http/openapi';
import { ContractViolation, assertMatchesContract } from '../support/contract';
import { makeDealership, makeStaff } from '../support/factories';
import { startTestApp, type TestContext } from '../support/harness';

/**
 * The harness checks every JSON answer against its operation's response schema
 * (tests/support/contract.ts). These tests show the check refuses what drifts.
 */

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

const answer = (status: number, body: unknown, type = 'application/json') =>
  ({ status, body, type }) as unknown as Response;
const ID = '0123456789abcdef01234567';

describe('the response contract check', () => {
  it('finds the operation the router would pick', () => {
    expect(operationFor('GET', `/api/customers/${ID}?x=1`)?.path).toBe('/api/customers/:id');
    expect(operationFor('GET', '/api/customers/export.csv')?.path).toBe('/api/customers/export.csv');
    expect(operationFor('POST', '/api/customers/reassign')?.path).toBe('/api/customers/reassign');
    expect(operationFor('GET', '/api/nothing-here')).toBeUndefined();
  });

  it('passes an answer of the declared shape and refuses missing, mistyped and undeclared fields', () => {
    const dealership = { id: ID, code: 'D1', name: '门店' };
    expect(() =>
      assertMatchesContract('get', '/api/dealerships', answer(200, { items: [dealership] }))
    ).not.toThrow();
    expect(() =>
      assertMatchesContract('get', '/api/dealerships', answer(200, { items: [{ id: ID, name: '门店' }] }))
    ).toThrow(/items\.0\.code/);
    expect(() =>
      assertMatchesContract('get', '/api/dealerships', answer(200, { items: [{ ...dealership, code: 7 }] }))
    ).toThrow(ContractViolation);
    expect(() =>
      assertMatchesContract(
        'get',
        '/api/dealerships',
        answer(200, { items: [{ ...dealership, secret: 'x' }] })
      )
    ).toThrow(/body\.items\[0\]\.secret/);
  });

  it('refuses an error that is not the one error body; ignores raw answers', () => {
    expect(() =>
      assertMatchesContract(
        'get',
        '/api/dealerships',
        answer(403, { error: { code: 'FORBIDDEN', message: '无权' } })
      )
    ).not.toThrow();
    expect(() => assertMatchesContract('get', '/api/dealerships', answer(500, { message: 'boom' }))).toThrow(
      /not the error body/
    );
    expect(() =>
      assertMatchesContract('get', `/api/customers/export.csv`, answer(200, 'a,b', 'text/csv'))
    ).not.toThrow();
  });

  it('is applied to every answer the harness receives', async () => {
    const staff = await makeStaff('manager', (await makeDealership())._id);
    const res = await ctx.http().get('/api/dealerships').set(staff.auth).expect(200);
    expect(res.body.items).toHaveLength(1);

    // The same call against a schema that now demands another field: the harness refuses the answer.
    const op = operationFor('get', '/api/dealerships')!;
    const declared = op.response;
    op.response = z.object({
      items: z.array(z.object({ id: z.string(), code: z.string(), name: z.string(), region: z.string() }))
    });
    try {
      await expect(ctx.http().get('/api/dealerships').set(staff.auth).expect(200)).rejects.toThrow(
        /items\.0\.region/
      );
    } finally {
      op.response = declared;
    }
  });
});
