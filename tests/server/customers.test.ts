import { clock } from '../../server/src/lib/clock';
import { AccessLog } from '../../server/src/modules/access-log/access-log.model';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { updateSettings } from '../../server/src/modules/dealerships/dealership.service';
import { Vehicle } from '../../server/src/modules/vehicles/vehicle.model';
import { startTestApp, type TestContext } from '../support/harness';
import {
  makeCustomer,
  makeDealership,
  makeServiceRecord,
  makeStaff,
  makeVehicle,
  uniqueMobile
} from '../support/factories';

/** Valid VINs (check digit right) and one with a wrong check digit. */
const GOOD_VIN = 'LSVAU218XN2183294';
const GOOD_VIN_2 = 'LFV2A21K0N3000001';
const BAD_CHECK_VIN = 'LSVAU2180N2183294';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());
afterEach(() => clock.set(null));

async function store() {
  const dealership = await makeDealership('深圳测试4S店');
  const manager = await makeStaff('manager', dealership._id, '赵经理');
  const advisor = await makeStaff('advisor', dealership._id, '王顾问');
  const advisor2 = await makeStaff('advisor', dealership._id, '陈顾问');
  return { dealership, manager, advisor, advisor2 };
}

describe('customer archive: create, vehicles, contacts, view', () => {
  test('a manager creates an archive; the advisor adds vehicles and a contact; the archive shows it all', async () => {
    const { dealership, manager, advisor } = await store();
    await updateSettings(String(dealership._id), { warranty: { years: 4, km: 150_000 } });

    const created = await ctx
      .http()
      .post('/api/customers')
      .set(manager.auth)
      .send({
        name: '  张三  ',
        mobile: '+86 138-0013-8000',
        gender: 'male',
        birthday: { calendar: 'lunar', date: '1985-07-01', lunarMonth: 5, lunarDay: 20 },
        regionClass: 'county',
        occupationClass: 'farmer',
        tags: ['VIP', 'VIP', '自驾游'],
        notes: '喜欢上午来店',
        advisorId: advisor.id,
        consent: { marketing: true }
      });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: '张三',
      mobile: '13800138000',
      ageGroup: '80后',
      tags: ['VIP', '自驾游'],
      advisor: { id: advisor.id, name: '王顾问' },
      birthday: { calendar: 'lunar', date: '1985-07-01', lunarMonth: 5, lunarDay: 20, lunarLeapMonth: false },
      consent: { marketing: true },
      source: 'manual',
      bound: false,
      isProspect: false
    });
    const id = created.body.id as string;
    const stored = await Customer.findById(id).lean();
    expect(stored).toMatchObject({ mobile: '13800138000', mobileKey: '13800138000' });

    clock.set(() => new Date('2025-06-15T04:00:00Z'));
    const v1 = await ctx.http().post(`/api/customers/${id}/vehicles`).set(advisor.auth).send({
      plate: '粤b·12345',
      vin: GOOD_VIN.toLowerCase(),
      series: '帕萨特',
      deliveryDate: '2024-03-01',
      usage: 'private',
      mileageKm: 20000
    });
    expect(v1.status).toBe(201);
    expect(v1.body.warnings).toEqual([]);
    expect(v1.body.vehicle).toMatchObject({
      plate: '粤B12345',
      vin: GOOD_VIN,
      mileageDate: '2025-06-15',
      vinCheckDigitWarning: false
    });

    // A wrong check digit is accepted, with a warning the advisor sees.
    const v2 = await ctx
      .http()
      .post(`/api/customers/${id}/vehicles`)
      .set(advisor.auth)
      .send({ vin: BAD_CHECK_VIN, usage: 'commercial' });
    expect(v2.status).toBe(201);
    expect(v2.body.warnings).toEqual([
      expect.objectContaining({ code: 'VIN_CHECK_DIGIT', field: 'body.vin' })
    ]);
    expect(v2.body.vehicle.vinCheckDigitWarning).toBe(true);

    const contact = await ctx
      .http()
      .post(`/api/customers/${id}/contacts`)
      .set(advisor.auth)
      .send({ channel: 'phone', purpose: '3DC回访', outcome: '满意', note: '下次保养预约周六' });
    expect(contact.status).toBe(201);
    expect(contact.body).toMatchObject({
      channel: 'phone',
      purpose: '3DC回访',
      outcome: '满意',
      staff: { id: advisor.id, name: '王顾问' }
    });

    const vehicle = await Vehicle.findById(v1.body.vehicle.id).lean();
    await makeServiceRecord(vehicle!, {
      roNumber: 'RO-OLD',
      serviceDate: '2024-09-01',
      type: 'first_maintenance',
      paid: false,
      amountFen: 0
    });
    await makeServiceRecord(vehicle!, { roNumber: 'RO-NEW', serviceDate: '2025-05-20' });

    const archive = await ctx.http().get(`/api/customers/${id}`).set(advisor.auth).expect(200);
    expect(archive.body.customer).toMatchObject({
      id,
      name: '张三',
      mobile: '13800138000',
      regionClass: 'county',
      occupationClass: 'farmer'
    });
    expect(archive.body.vehicles).toHaveLength(2);
    // Warranty follows the dealership's own setting (4 years / 150,000 km), 三包 the default 2 years.
    expect(archive.body.vehicles[0]).toMatchObject({
      plate: '粤B12345',
      warranty: { status: 'active', endsOn: '2028-03-01' },
      sanbao: { status: 'active', endsOn: '2026-03-01' }
    });
    expect(archive.body.vehicles[1]).toMatchObject({
      vin: BAD_CHECK_VIN,
      vinCheckDigitWarning: true,
      sanbao: { status: 'not_applicable' }
    });
    expect(archive.body.serviceRecords.map((r: { roNumber: string }) => r.roNumber)).toEqual([
      'RO-NEW',
      'RO-OLD'
    ]);
    expect(archive.body.contacts).toEqual([
      expect.objectContaining({ outcome: '满意', note: '下次保养预约周六' })
    ]);
    const views = await AccessLog.find({ customerId: id }).lean();
    expect(views).toEqual([
      expect.objectContaining({ action: 'view', staffName: '王顾问', customerName: '张三' })
    ]);
  });

  test('vehicle identity: duplicate VIN or plate in the dealership is 409; edits re-key and validate', async () => {
    const { dealership, manager } = await store();
    const c1 = await makeCustomer(dealership._id);
    const c2 = await makeCustomer(dealership._id);
    await makeVehicle(c1, { plate: '粤B55555', vin: GOOD_VIN });

    const dupVin = await ctx
      .http()
      .post(`/api/customers/${c2._id}/vehicles`)
      .set(manager.auth)
      .send({ plate: '粤B66666', vin: GOOD_VIN });
    expect(dupVin.status).toBe(409);
    expect(dupVin.body.error.code).toBe('DUPLICATE_VEHICLE');
    const dupPlate = await ctx
      .http()
      .post(`/api/customers/${c2._id}/vehicles`)
      .set(manager.auth)
      .send({ plate: '粤B 55555' });
    expect(dupPlate.status).toBe(409);
    expect(dupPlate.body.error.code).toBe('DUPLICATE_PLATE');
    expect(await Vehicle.countDocuments({ customerId: c2._id })).toBe(0);

    const own = await ctx
      .http()
      .post(`/api/customers/${c2._id}/vehicles`)
      .set(manager.auth)
      .send({ plate: '粤B66666' })
      .expect(201);
    expect(await Vehicle.findById(own.body.vehicle.id).lean()).toMatchObject({
      identityKey: 'PLATE:粤B66666'
    });
    const edited = await ctx
      .http()
      .patch(`/api/vehicles/${own.body.vehicle.id}`)
      .set(manager.auth)
      .send({ vin: GOOD_VIN_2, mileageKm: 30500 })
      .expect(200);
    expect(edited.body.vehicle).toMatchObject({ plate: '粤B66666', vin: GOOD_VIN_2, mileageKm: 30500 });
    expect(await Vehicle.findById(own.body.vehicle.id).lean()).toMatchObject({
      identityKey: `VIN:${GOOD_VIN_2}`
    });

    const clash = await ctx
      .http()
      .patch(`/api/vehicles/${own.body.vehicle.id}`)
      .set(manager.auth)
      .send({ vin: GOOD_VIN });
    expect(clash.status).toBe(409);
    const badPlate = await ctx
      .http()
      .patch(`/api/vehicles/${own.body.vehicle.id}`)
      .set(manager.auth)
      .send({ plate: '粤B1234' });
    expect(badPlate.status).toBe(400);
    expect(badPlate.body.error.details.issues[0].path).toBe('body.plate');
    const none = await ctx
      .http()
      .patch(`/api/vehicles/${own.body.vehicle.id}`)
      .set(manager.auth)
      .send({ plate: null, vin: null });
    expect(none.body.error.code).toBe('PLATE_OR_VIN_REQUIRED');
    expect(await Vehicle.findById(own.body.vehicle.id).lean()).toMatchObject({
      plate: '粤B66666',
      vin: GOOD_VIN_2
    });
  });
});

describe('editing and assignment', () => {
  test('an advisor edits details of their own customer but cannot reassign; a manager can, to an enabled advisor only', async () => {
    const { dealership, manager, advisor, advisor2 } = await store();
    const marketing = await makeStaff('marketing', dealership._id);
    const other = await makeDealership();
    const foreignAdvisor = await makeStaff('advisor', other._id);
    const customer = await makeCustomer(dealership._id, { name: '钱女士', advisorId: advisor.id });
    const taken = await makeCustomer(dealership._id, { mobile: uniqueMobile() });

    const edit = await ctx
      .http()
      .patch(`/api/customers/${customer._id}`)
      .set(advisor.auth)
      .send({ notes: '对价格敏感', advisorId: advisor.id });
    expect(edit.status).toBe(200);
    expect(edit.body.notes).toBe('对价格敏感');

    const move = await ctx
      .http()
      .patch(`/api/customers/${customer._id}`)
      .set(advisor.auth)
      .send({ advisorId: advisor2.id, notes: '改了' });
    expect(move.status).toBe(403);
    expect(move.body.error.code).toBe('ASSIGNMENT_FORBIDDEN');
    expect(await Customer.findById(customer._id).lean()).toMatchObject({ notes: '对价格敏感' });
    expect(String((await Customer.findById(customer._id).lean())!.advisorId)).toBe(advisor.id);

    for (const wrong of [marketing.id, foreignAdvisor.id]) {
      const res = await ctx
        .http()
        .patch(`/api/customers/${customer._id}`)
        .set(manager.auth)
        .send({ advisorId: wrong });
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({
        code: 'INVALID_ASSIGNEE',
        details: { field: 'body.advisorId' }
      });
    }
    const ok = await ctx
      .http()
      .patch(`/api/customers/${customer._id}`)
      .set(manager.auth)
      .send({ advisorId: advisor2.id, secondContactId: manager.id })
      .expect(200);
    expect(ok.body).toMatchObject({
      advisor: { id: advisor2.id, name: '陈顾问' },
      secondContact: { id: manager.id, name: '赵经理' }
    });
    // Reassigned away: the first advisor no longer sees the archive.
    await ctx.http().get(`/api/customers/${customer._id}`).set(advisor.auth).expect(404);

    const dup = await ctx
      .http()
      .patch(`/api/customers/${customer._id}`)
      .set(manager.auth)
      .send({ mobile: taken.mobile });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('DUPLICATE_MOBILE');
    expect((await Customer.findById(customer._id).lean())!.mobile).toBe(customer.mobile);
  });

  test("an advisor's new customer is their own; marketing cannot assign one", async () => {
    const { dealership, advisor, advisor2 } = await store();
    const marketing = await makeStaff('marketing', dealership._id);
    const mine = await ctx
      .http()
      .post('/api/customers')
      .set(advisor.auth)
      .send({ name: '孙先生', mobile: uniqueMobile() })
      .expect(201);
    expect(mine.body.advisor).toEqual({ id: advisor.id, name: '王顾问' });
    const handOff = await ctx
      .http()
      .post('/api/customers')
      .set(advisor.auth)
      .send({ name: '周先生', mobile: uniqueMobile(), advisorId: advisor2.id });
    expect(handOff.status).toBe(403);
    const byMarketing = await ctx
      .http()
      .post('/api/customers')
      .set(marketing.auth)
      .send({ name: '吴先生', mobile: uniqueMobile(), advisorId: advisor.id });
    expect(byMarketing.status).toBe(403);
    expect(await Customer.countDocuments({ dealershipId: dealership._id, name: '周先生' })).toBe(0);
    expect(await Customer.countDocuments({ dealershipId: dealership._id, name: '吴先生' })).toBe(0);
  });
});

describe('concurrency', () => {
  test('20 concurrent creates with the same mobile: exactly one archive', async () => {
    const { manager, dealership } = await store();
    const mobile = uniqueMobile();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ctx
          .http()
          .post('/api/customers')
          .set(manager.auth)
          .send({ name: `并发${i}`, mobile })
      )
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(
      results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'DUPLICATE_MOBILE')
    ).toBe(true);
    expect(await Customer.countDocuments({ dealershipId: dealership._id, mobileKey: mobile })).toBe(1);
  });
});
