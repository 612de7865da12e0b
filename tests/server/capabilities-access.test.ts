import { Types } from 'mongoose';
import { CAPABILITY_NAMES, STAFF_ROLES, roleCan, rolesWith, type StaffRole } from '@dealer/shared';
import { registeredOperations, type Operation } from '../../server/src/http/openapi';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { makeCustomer, makeDealership, makeStaff, type StaffLogin } from '../support/factories';
import { startTestApp, type TestContext } from '../support/harness';

/**
 * The capability map in shared/src/auth/capabilities.ts is what the routes enforce: every staff
 * route names a capability, and a role lacking it is refused (403) before anything runs.
 */

let ctx: TestContext;
let dealershipId: string;
const logins = {} as Record<StaffRole, StaffLogin>;

beforeAll(async () => {
  ctx = await startTestApp();
  dealershipId = String((await makeDealership('权限门店'))._id);
  for (const role of STAFF_ROLES)
    logins[role] = await makeStaff(role, role === 'group_admin' ? null : dealershipId);
});
afterAll(() => ctx.close());

const staffOperations = (): Operation[] => registeredOperations().filter((op) => op.security === 'staff');

/** A concrete URL for an operation: every `:param` becomes a well-formed id nobody has. */
const urlOf = (op: Operation) => op.path.replace(/:(\w+)/g, () => String(new Types.ObjectId()));

/** Calls an operation as a role with an empty body. */
function callAs(op: Operation, role: StaffRole) {
  const method = op.method as 'get' | 'post' | 'put' | 'patch' | 'delete';
  return ctx.http()[method](urlOf(op)).set(logins[role].auth).send({});
}

describe('the capability map on the routes', () => {
  it('every staff route in the OpenAPI registry names a known capability, and only staff routes do', async () => {
    const staff = staffOperations();
    expect(staff.length).toBeGreaterThan(40);
    for (const op of staff) expect(CAPABILITY_NAMES).toContain(op.capability);
    for (const op of registeredOperations().filter((o) => o.security !== 'staff'))
      expect(op.capability).toBeUndefined();

    const doc = await ctx.http().get('/api/openapi.json').expect(200);
    const paths = doc.body.paths as Record<string, Record<string, { 'x-capability'?: string }>>;
    const documented = Object.values(paths).flatMap((methods) => Object.values(methods));
    expect(documented.filter((o) => o['x-capability']).length).toBe(staff.length);
  });

  it('refuses every staff route to each role lacking its capability (403 FORBIDDEN)', async () => {
    let refusals = 0;
    for (const op of staffOperations()) {
      for (const role of STAFF_ROLES.filter((r) => !roleCan(r, op.capability!))) {
        const res = await callAs(op, role);
        expect({
          route: `${op.method} ${op.path}`,
          role,
          status: res.status,
          code: res.body.error?.code
        }).toEqual({
          route: `${op.method} ${op.path}`,
          role,
          status: 403,
          code: 'FORBIDDEN'
        });
        refusals += 1;
      }
    }
    expect(refusals).toBeGreaterThan(30);
  });

  it('lets every role holding the capability past the check (whatever the handler then answers)', async () => {
    for (const op of staffOperations()) {
      for (const role of rolesWith(op.capability!)) {
        const res = await callAs(op, role);
        expect({
          route: `${op.method} ${op.path}`,
          role,
          refused: res.status === 403 && res.body.error?.message === '无权执行此操作'
        }).toEqual({
          route: `${op.method} ${op.path}`,
          role,
          refused: false
        });
      }
    }
  });

  it('marketing lacks customers.reassign: refused with nothing moved, while a manager gets past the check', async () => {
    expect(rolesWith('customers.reassign')).not.toContain('marketing');
    const from = await makeStaff('advisor', dealershipId, '离职顾问');
    const to = await makeStaff('advisor', dealershipId, '接手顾问');
    const customer = await makeCustomer(dealershipId, { advisorId: new Types.ObjectId(from.id) });
    const body = { fromAdvisorId: from.id, toAdvisorId: to.id };

    await ctx.http().post('/api/customers/reassign').set(logins.marketing.auth).send(body).expect(403);
    expect(String((await Customer.findById(customer._id).lean())?.advisorId)).toBe(from.id);

    await ctx.http().post('/api/customers/reassign').set(logins.manager.auth).send(body).expect(200);
    expect(String((await Customer.findById(customer._id).lean())?.advisorId)).toBe(to.id);
  });
});
