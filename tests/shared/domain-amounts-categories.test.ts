import {
  formatFen,
  parseGender,
  parseMileageKm,
  parseOccupationClass,
  parseRegionClass,
  parseServiceType,
  parseVehicleUsage,
  parseYesNo,
  parseYuanToFen,
  SERVICE_TYPE_LABELS
} from '@dealer/shared/domain';

describe('parseYuanToFen', () => {
  it.each([
    ['1,234.50', 123450],
    ['¥1234.5', 123450],
    ['￥1,234.5', 123450],
    ['1234.5元', 123450],
    ['RMB 88', 8800],
    ['CNY88.8', 8880],
    ['１２３４.５', 123450],
    ['0', 0],
    ['0.29', 29],
    ['0.1', 10],
    ['12.345', 1235],
    ['12.344', 1234],
    ['-120.5', -12050],
    ['+5', 500],
    ['1.', 100],
    [' 1 000 ', 100000]
  ])('%p → %d fen', (input, fen) => {
    expect(parseYuanToFen(input)).toBe(fen);
  });

  it.each(['', 'abc', '1.2.3', '12,34a', '--5', '¥', '.5e3'])('rejects %p', (input) => {
    expect(parseYuanToFen(input)).toBeNull();
  });

  it('takes numbers from spreadsheet cells without float drift', () => {
    expect(parseYuanToFen(1234.5)).toBe(123450);
    expect(parseYuanToFen(0.29)).toBe(29);
    expect(parseYuanToFen(1.005)).toBe(101);
    expect(parseYuanToFen(0.1 + 0.2)).toBe(30);
    expect(parseYuanToFen(-3)).toBe(-300);
    expect(parseYuanToFen(Number.NaN)).toBeNull();
    expect(parseYuanToFen(null)).toBeNull();
  });

  it('formatFen writes yuan with separators', () => {
    expect(formatFen(123450)).toBe('1,234.50');
    expect(formatFen(5)).toBe('0.05');
    expect(formatFen(-12050)).toBe('-120.50');
  });
});

describe('parseMileageKm', () => {
  it.each([
    ['35000', 35000],
    ['35,000', 35000],
    ['35000km', 35000],
    ['35000 KM', 35000],
    ['３５０００公里', 35000],
    ['1234.6', 1235]
  ])('%p → %d', (input, km) => {
    expect(parseMileageKm(input)).toBe(km);
  });

  it('reads numbers and rejects text', () => {
    expect(parseMileageKm(8100)).toBe(8100);
    expect(parseMileageKm('约3万')).toBeNull();
    expect(parseMileageKm('')).toBeNull();
    expect(parseMileageKm(null)).toBeNull();
  });
});

describe('category parsers', () => {
  it.each([
    ['男', 'male'],
    ['女', 'female'],
    ['先生', 'male'],
    ['女士', 'female'],
    ['M', 'male'],
    ['f', 'female'],
    ['Male', 'male'],
    ['1', 'male'],
    ['2', 'female'],
    ['男 ', 'male'],
    ['未知', null],
    ['X', null],
    ['', null]
  ])('gender %p → %p', (input, expected) => {
    expect(parseGender(input)).toBe(expected);
  });

  it.each([
    ['私家车', 'private'],
    ['家用', 'private'],
    ['非营运', 'private'],
    ['个人', 'private'],
    ['公务', 'official'],
    ['公务车', 'official'],
    ['单位', 'official'],
    ['单位用车', 'official'],
    ['营运', 'commercial'],
    ['出租', 'commercial'],
    ['网约车', 'commercial'],
    ['出租客运', 'commercial'],
    ['租赁公司', 'commercial'],
    ['特种', null],
    ['', null]
  ])('usage %p → %p', (input, expected) => {
    expect(parseVehicleUsage(input)).toBe(expected);
  });

  it.each([
    ['首保', 'first_maintenance'],
    ['首次保养', 'first_maintenance'],
    ['定保', 'regular_maintenance'],
    ['保养', 'regular_maintenance'],
    ['常规保养', 'regular_maintenance'],
    ['一般维修', 'general_repair'],
    ['机修', 'general_repair'],
    ['电工', 'general_repair'],
    ['维修', 'general_repair'],
    ['钣喷', 'accident'],
    ['事故', 'accident'],
    ['事故车', 'accident'],
    ['保险', 'accident'],
    ['保险理赔', 'accident'],
    ['索赔', 'warranty'],
    ['保修', 'warranty'],
    ['三包', 'warranty'],
    ['索赔维修', 'warranty'],
    ['其他', 'other'],
    ['其它', 'other'],
    ['PDI', 'other'],
    ['洗车美容', 'other'],
    ['Regular Maintenance', 'regular_maintenance'],
    ['General Repair', 'general_repair'],
    ['Warranty', 'warranty'],
    ['Accident Repair', 'accident'],
    ['First Maintenance', 'first_maintenance'],
    ['年检代办', null],
    ['', null]
  ])('service type %p → %p', (input, expected) => {
    expect(parseServiceType(input)).toBe(expected);
  });

  it('has a Chinese label for every service type', () => {
    expect(SERVICE_TYPE_LABELS.first_maintenance).toBe('首保');
    expect(Object.keys(SERVICE_TYPE_LABELS)).toHaveLength(6);
  });

  it.each([
    ['是', true],
    ['有偿', true],
    ['Y', true],
    ['yes', true],
    ['1', true],
    ['否', false],
    ['无偿', false],
    ['免费', false],
    ['N', false],
    ['0', false],
    ['也许', null]
  ])('yes/no %p → %p', (input, expected) => {
    expect(parseYesNo(input)).toBe(expected);
  });

  it.each([
    ['市区', 'city'],
    ['县城', 'county'],
    ['乡镇', 'town'],
    ['农村', 'town'],
    ['海外', null]
  ])('region class %p → %p', (input, expected) => {
    expect(parseRegionClass(input)).toBe(expected);
  });

  it.each([
    ['公务员', 'civil_servant'],
    ['企事业单位', 'employee'],
    ['企业职员', 'employee'],
    ['务工人员', 'worker'],
    ['农民', 'farmer'],
    ['个体户', 'other'],
    ['', null]
  ])('occupation %p → %p', (input, expected) => {
    expect(parseOccupationClass(input)).toBe(expected);
  });
});
