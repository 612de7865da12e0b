import { AccessLog } from '../../server/src/modules/access-log/access-log.model';
import { startTestApp, type TestContext } from '../support/harness';
import { makeCustomer, makeDealership, makeStaff, makeVehicle } from '../support/factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

describe('GET /api/customers/export.csv', () => {
  test('writes lunar birthdays as 农历 month and day, and never "null" for a missing part', async () => {
    const dealership = await makeDealership();
    const manager = await makeStaff('manager', dealership._id);
    const lunar = (lunarMonth: number | null, lunarDay: number | null) => ({
      calendar: 'lunar',
      date: null,
      lunarMonth,
      lunarDay,
      lunarLeapMonth: false
    });
    await makeCustomer(dealership._id, { name: '农历齐全', tags: ['农历'], birthday: lunar(5, 6) });
    await makeCustomer(dealership._id, { name: '农历缺日', tags: ['农历'], birthday: lunar(null, null) });

    const res = await ctx
      .http()
      .get('/api/customers/export.csv')
      .query({ tag: '农历' })
      .set(manager.auth)
      .expect(200);
    const rows = (res.text as string)
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    const birthdayColumn = rows[0].split(',').indexOf('生日');
    const birthdayOf = (name: string) => rows.find((l) => l.startsWith(name))?.split(',')[birthdayColumn];
    expect([birthdayOf('农历齐全'), birthdayOf('农历缺日')]).toEqual(['农历5月6日', '农历']);
    expect(res.text).not.toMatch(/null|undefined|NaN/);
  });

  test('streams UTF-8 CSV with a BOM, honours the filters, and logs one export with the row count', async () => {
    const dealership = await makeDealership();
    const marketing = await makeStaff('marketing', dealership._id, '市场小李');
    const advisor = await makeStaff('advisor', dealership._id, '王顾问');
    const a = await makeCustomer(dealership._id, {
      name: '张三',
      mobile: '13800138000',
      tags: ['车友会'],
      gender: 'male',
      advisorId: advisor.id,
      regionClass: 'city'
    });
    await makeVehicle(a, { plate: '粤B12345' });
    await makeCustomer(dealership._id, { name: '=HYPERLINK("http://evil")', tags: ['车友会'] });
    await makeCustomer(dealership._id, { name: '不在标签里', tags: ['其他'] });

    const res = await ctx
      .http()
      .get('/api/customers/export.csv')
      .query({ tag: '车友会' })
      .set(marketing.auth)
      .responseType('blob')
      .expect(200); // raw bytes, to see the BOM
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="customers-\d{8}\.csv"/);
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0].split(',').slice(0, 3)).toEqual(['姓名', '手机号', '性别']);
    expect(lines).toHaveLength(3);
    const zhang = lines.find((l) => l.startsWith('张三'))!;
    expect(zhang.split(',').slice(0, 11)).toEqual([
      '张三',
      '13800138000',
      '男',
      '',
      '',
      '市区',
      '',
      '王顾问',
      '车友会',
      '1',
      '粤B12345'
    ]);
    // A cell Excel would run as a formula is defused with a leading apostrophe.
    expect(lines.some((l) => l.startsWith(`"'=HYPERLINK(""http://evil"")"`))).toBe(true);
    expect(bytes.toString('utf8')).not.toContain('不在标签里');

    const logs = await AccessLog.find({ staffId: marketing.id }).lean();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      action: 'export',
      staffName: '市场小李',
      customerId: null,
      dealershipId: dealership._id
    });
    expect(JSON.parse(logs[0].detail)).toEqual({ filter: { tag: '车友会' }, rows: 2, complete: true });
  });

  test('advisors cannot export; nothing is logged', async () => {
    const dealership = await makeDealership();
    const advisor = await makeStaff('advisor', dealership._id);
    const res = await ctx.http().get('/api/customers/export.csv').set(advisor.auth);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect(await AccessLog.countDocuments({ staffId: advisor.id })).toBe(0);
  });

  test('an export larger than one cursor batch is complete', async () => {
    const dealership = await makeDealership();
    const manager = await makeStaff('manager', dealership._id);
    const now = new Date();
    const docs = Array.from({ length: 1203 }, (_, i) => ({
      name: `批量${i}`,
      mobile: `1370000${String(i).padStart(4, '0')}`,
      updatedAt: now
    }));
    for (const d of docs) await makeCustomer(dealership._id, d);
    const res = await ctx.http().get('/api/customers/export.csv').set(manager.auth).expect(200);
    const rows = res.text.trimEnd().split('\r\n').slice(1);
    expect(rows).toHaveLength(1203);
    expect(new Set(rows.map((r) => r.split(',')[0])).size).toBe(1203);
    const log = await AccessLog.findOne({ staffId: manager.id, action: 'export' }).lean();
    expect(JSON.parse(log!.detail).rows).toBe(1203);
  });
});
