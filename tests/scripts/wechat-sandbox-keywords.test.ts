import { checkKeywordValue, keywordType, type KeywordType } from '../../scripts/wechat-sandbox';

describe('keywordType', () => {
  it.each([
    ['thing1', 'thing'],
    ['character_string12', 'character_string'],
    ['phone_number3', 'phone_number'],
    ['car_number4', 'car_number'],
    ['time5', 'time'],
    ['thing', undefined],
    ['colour1', undefined],
    ['Thing1', undefined]
  ])('%s -> %s', (key, type) => {
    expect(keywordType(key)).toBe(type);
  });
});

const ok: Array<[KeywordType, string]> = [
  ['thing', '保养提醒：请于本周到店'],
  ['thing', 'x'.repeat(20)],
  ['thing', '😀'.repeat(20)],
  ['number', '12345'],
  ['number', '3.14'],
  ['number', '1'.repeat(32)],
  ['letter', 'abcXYZ'],
  ['symbol', '%#@'],
  ['character_string', 'SO-2025-0001'],
  ['character_string', 'a'.repeat(32)],
  ['time', '15:01'],
  ['time', '2019年10月1日 15:01'],
  ['time', '2019年10月1日15:01'],
  ['time', '2019-10-01 15:01:59'],
  ['time', '2019年10月1日 15:01~2019年10月1日 17:00'],
  ['time', '09:00~12:00'],
  ['date', '2019年10月1日'],
  ['date', '2019-10-01'],
  ['date', '2019年10月1日 15:01'],
  ['date', '2019年10月1日~2019年10月7日'],
  ['date', '2024年2月29日'],
  ['amount', '¥8.88'],
  ['amount', '8.88元'],
  ['amount', '1234567890'],
  ['phone_number', '+86-0766-66888866'],
  ['phone_number', '13800138000'],
  ['car_number', '粤A8Z888挂'],
  ['car_number', 'ABC123'],
  ['name', '张三'],
  ['name', '欧阳'.repeat(5)],
  ['name', 'John Smith'],
  ['name', "O'Brien-Smith"],
  ['phrase', '配送中'],
  ['phrase', '已完成完成']
];

const bad: Array<[KeywordType, string, string]> = [
  ['thing', 'x'.repeat(21), 'exceeds limit'],
  ['thing', 'a\nb', 'contains invalid character'],
  ['thing', 'a\tb', 'contains invalid character'],
  ['thing', '\ud83d', 'contains invalid character'],
  ['thing', '', 'is empty'],
  ['thing', '   ', 'is empty'],
  ['number', '1'.repeat(33), 'exceeds limit'],
  ['number', '12a', 'invalid'],
  ['letter', 'a'.repeat(33), 'exceeds limit'],
  ['letter', 'abc1', 'invalid'],
  ['symbol', '%%%%%%', 'exceeds limit'],
  ['symbol', 'a%', 'invalid'],
  ['character_string', 'a'.repeat(33), 'exceeds limit'],
  ['character_string', '订单1', 'invalid'],
  ['time', '2019年10月1日', 'invalid'],
  ['time', '25:00', 'invalid'],
  ['time', '明天', 'invalid'],
  ['time', '15:01~16:00~17:00', 'invalid'],
  ['date', '15:01', 'invalid'],
  ['date', '2023年2月29日', 'invalid'],
  ['date', '2019/10-01', 'invalid'],
  ['amount', '12345678901', 'exceeds limit'],
  ['amount', '12,000', 'invalid'],
  ['phone_number', '+86-0766-668888661', 'exceeds limit'],
  ['phone_number', 'call me', 'invalid'],
  ['car_number', '粤A12345678', 'exceeds limit'],
  ['car_number', 'A粤1234', 'invalid'],
  ['name', '张'.repeat(11), 'exceeds limit'],
  ['name', 'a'.repeat(21), 'exceeds limit'],
  ['name', 'Agent 007', 'invalid'],
  ['phrase', '配送中配送中', 'exceeds limit'],
  ['phrase', 'done', 'invalid']
];

describe('checkKeywordValue', () => {
  it.each(ok)('accepts %s %j', (type, value) => {
    expect(checkKeywordValue(type, value)).toBeUndefined();
  });
  it.each(bad)('refuses %s %j: %s', (type, value, problem) => {
    expect(checkKeywordValue(type, value)).toBe(problem);
  });
  it('refuses a non-string value and a missing one', () => {
    expect(checkKeywordValue('number', 12)).toBe('invalid');
    expect(checkKeywordValue('thing', undefined)).toBe('is empty');
  });
});
