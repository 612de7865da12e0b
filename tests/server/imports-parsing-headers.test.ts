/** Recognition of DMS column headers and user mappings. */
import {
  buildColumnMap,
  CANONICAL_FIELDS,
  detectTableKind,
  HEADER_ALIASES,
  missingRequiredColumns,
  normalizeHeader,
  parseHeaderMapping,
  recognizeHeader
} from '../../server/src/modules/imports/parsing';

describe('header recognition', () => {
  const cases: Record<string, string[]> = {
    plate: ['车牌号', '车牌', '车牌号码', 'Plate', 'Plate No.'],
    vin: ['VIN', 'vin码', 'VIN码', '车架号', '底盘号', '车架号(VIN)', 'VIN/车架号', 'ＶＩＮ'],
    name: ['客户姓名', '车主姓名', '姓名', '客户名称', 'Name', ' 客户 姓名 '],
    mobile: ['手机', '手机号', '手机号码', '联系电话', '电话', 'Mobile', 'PHONE', '*手机号码'],
    gender: ['性别', 'Gender'],
    birthday: ['生日', '出生日期', 'Birthday'],
    series: ['车系', 'Series'],
    model: ['车型'],
    brand: ['品牌'],
    deliveryDate: ['购车日期', '开票日期', '交车日期', 'Purchase Date'],
    usage: ['使用性质', '用途'],
    roNumber: ['工单号', '委托书号', '维修工单号', 'RO Number', 'RO No.', 'RO#'],
    serviceDate: ['进厂日期', '结算日期', '维修日期', 'Service_Date'],
    dateOut: ['出厂日期'],
    serviceType: ['维修类型', '维修类别', '业务类型'],
    amountYuan: ['结算金额', '金额', '工单金额', '总金额', '金额(元)', '金额（元）', '结算金额【元】'],
    mileageKm: ['进厂里程', '行驶里程', '里程', '里程(km)'],
    advisorName: ['服务顾问', '接待顾问'],
    paid: ['付费', '是否付费'],
    profitYuan: ['毛利', '利润'],
    address: ['地址', '地区'],
    occupation: ['职业'],
    regionClass: ['区域类别']
  };

  it.each(Object.entries(cases).flatMap(([field, headers]) => headers.map((h) => [h, field])))(
    '%p → %s',
    (header, field) => {
      expect(recognizeHeader(header)).toBe(field);
    }
  );

  it.each(['序号', '备注', '服务顾问姓名', '', '金额合计2'])('does not recognise %p', (header) => {
    expect(recognizeHeader(header)).toBeNull();
  });

  it('has no alias claimed by two fields', () => {
    const seen = new Map<string, string>();
    for (const field of CANONICAL_FIELDS) {
      for (const alias of HEADER_ALIASES[field]) {
        const key = normalizeHeader(alias);
        expect([key, seen.get(key) ?? field]).toEqual([key, field]);
        seen.set(key, field);
      }
    }
  });

  it('orders several columns of one field by alias preference, then position', () => {
    const columns = buildColumnMap(['电话', '姓名', '手机号码', '备注', '联系电话']);
    expect(columns.fields.mobile).toEqual(['手机号码', '联系电话', '电话']);
    expect(columns.unrecognised).toEqual(['备注']);
  });

  it('lets an explicit mapping override and extend recognition', () => {
    const mapping = parseHeaderMapping({ 联系方式2: 'mobile', 电话: 'ignore', 备注: 'address' });
    const columns = buildColumnMap(['姓名', '电话', '手机', '联系方式2', '备注'], mapping);
    expect(columns.fields).toEqual({ name: ['姓名'], mobile: ['联系方式2'], address: ['备注'] });
    expect(columns.unrecognised).toEqual(['手机']);
  });

  it('matches mapping keys loosely, like recognised headers', () => {
    const columns = buildColumnMap(['客户编号（DMS）'], parseHeaderMapping({ ' 客户编号 ': 'roNumber' }));
    expect(columns.fields.roNumber).toEqual(['客户编号（DMS）']);
  });

  it('tells the file kind and which required columns are missing', () => {
    const customers = buildColumnMap(['姓名', '车牌']);
    const orders = buildColumnMap(['工单号', '车牌', '金额']);
    expect(detectTableKind(customers)).toBe('customers');
    expect(detectTableKind(orders)).toBe('repair_orders');
    expect(detectTableKind(buildColumnMap(['金额', '里程']))).toBeNull();
    expect(missingRequiredColumns('customers', customers)).toEqual([]);
    expect(missingRequiredColumns('customers', buildColumnMap(['姓名', '性别']))).toEqual([
      ['mobile', 'plate', 'vin']
    ]);
    expect(missingRequiredColumns('repair_orders', orders)).toEqual([['serviceDate']]);
  });
});
