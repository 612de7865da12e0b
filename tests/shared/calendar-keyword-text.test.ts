import {
  clusters,
  codePointLength,
  singleLine,
  truncateCodePoints
} from '@dealer/shared/domain/calendar/code-points';
import {
  KeywordValueError,
  fitKeyword,
  fitKeywordData,
  keywordType,
  type KeywordType
} from '@dealer/shared/domain/calendar/keyword-text';

/** encodeURIComponent throws on a lone surrogate: the cheapest proof the UTF-16 is whole. */
const wellFormed = (s: string) => {
  encodeURIComponent(s);
  return true;
};
const cjk = (n: number) => '保养提醒尊敬的车主您好欢迎光临本店服务周到价格实惠'.repeat(3).slice(0, n);

describe('keywordType', () => {
  it.each([
    ['thing1', 'thing'],
    ['thing12', 'thing'],
    ['character_string2', 'character_string'],
    ['phone_number3', 'phone_number'],
    ['car_number5', 'car_number'],
    ['time4', 'time'],
    ['date10', 'date'],
    ['name1', 'name'],
    ['phrase3', 'phrase'],
    ['amount6', 'amount'],
    ['number7', 'number'],
    ['letter8', 'letter'],
    ['symbol9', 'symbol']
  ])('%s → %s', (key, type) => {
    expect(keywordType(key)).toBe(type);
  });

  it.each(['thing', 'foo1', 'Thing1', '', '1', 'thing1a', 'thing_1'])('%p → null', (key) => {
    expect(keywordType(key)).toBeNull();
  });
});

describe('thing: ≤ 20 characters, cut with …', () => {
  it('keeps text that fits, counting code points, not UTF-16 units', () => {
    expect(fitKeyword('thing', cjk(20))).toBe(cjk(20));
    const emoji19 = `${cjk(19)}😀`; // 21 UTF-16 units, 20 code points
    expect(emoji19.length).toBe(21);
    expect(fitKeyword('thing', emoji19)).toBe(emoji19);
  });

  it('cuts 21 CJK characters to 19 + …', () => {
    expect(fitKeyword('thing', cjk(21))).toBe(`${cjk(19)}…`);
    expect(codePointLength(fitKeyword('thing', cjk(21)))).toBe(20);
  });

  it('never splits a surrogate pair', () => {
    const out = fitKeyword('thing', '😀'.repeat(25));
    expect(out).toBe(`${'😀'.repeat(19)}…`);
    expect(wellFormed(out)).toBe(true);
    expect(fitKeyword('thing', '𠮷'.repeat(30))).toBe(`${'𠮷'.repeat(19)}…`);
  });

  it.each([
    ['family emoji (5 code points)', `${cjk(17)}👨‍👩‍👧好`, `${cjk(17)}…`],
    ['skin tone', `${cjk(18)}👍🏽好`, `${cjk(18)}…`],
    ['flag', `${cjk(18)}🇨🇳好`, `${cjk(18)}…`],
    ['keycap', `${cjk(17)}1️⃣好好`, `${cjk(17)}…`],
    ['accent', `${cjk(18)}e\u0301好`, `${cjk(18)}…`]
  ])('keeps a %s whole or drops it', (_label, input, expected) => {
    expect(fitKeyword('thing', input)).toBe(expected);
  });

  it('drops trailing spaces before the …', () => {
    expect(fitKeyword('thing', 'Your car is due for service soon')).toBe('Your car is due for…');
  });

  it('makes one line: breaks become spaces, controls and bidi overrides go', () => {
    expect(fitKeyword('thing', '保养\r\n提醒\t到期\u0000\u0007')).toBe('保养 提醒 到期');
    expect(fitKeyword('thing', '\u202e保养\ufeff提醒\u2028ok')).toBe('保养提醒 ok');
    expect(fitKeyword('thing', 'a\ud83db')).toBe('ab'); // a lone high surrogate
    expect(fitKeyword('thing', 'a\ude00b')).toBe('ab'); // a lone low surrogate
  });

  it('rejects text that is empty once cleaned', () => {
    expect(() => fitKeyword('thing', ' \n\t ')).toThrow(KeywordValueError);
    expect(() => fitKeyword('thing', '')).toThrow('thing keyword: empty');
  });

  it('stays within 20 code points, well-formed and a prefix of the input (600 mixed strings)', () => {
    const pool = ['a', ' ', '中', '𠮷', '😀', '👨‍👩‍👧', '👍🏽', '🇨🇳', 'e\u0301', '1️⃣'];
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 600; i++) {
      const input = Array.from(
        { length: 1 + Math.floor(random() * 30) },
        () => pool[Math.floor(random() * pool.length)]
      ).join('');
      const cleaned = singleLine(input);
      if (cleaned === '') continue;
      const out = fitKeyword('thing', input);
      expect(codePointLength(out)).toBeLessThanOrEqual(20);
      expect(wellFormed(out)).toBe(true);
      expect(cleaned.startsWith(out.replace(/…$/, ''))).toBe(true);
    }
  });
});

describe('name and phrase', () => {
  it.each([
    ['张三', '张三'],
    ['欧阳娜娜欧阳娜娜欧阳娜', '欧阳娜娜欧阳娜娜欧阳'],
    ['𠮷野家𠮷野家𠮷野家𠮷野家', '𠮷野家𠮷野家𠮷野家𠮷'],
    ['Alexander Hamilton-Smith', 'Alexander Hamilton-S'],
    ['Alexander Hamiltons Smith', 'Alexander Hamiltons'], // the 20th is a space: trimmed
    ['Tom张三丰的朋友们你们好', 'Tom张三丰的朋友们'],
    ['  李\n四 ', '李 四']
  ])('name %p → %p (10 Chinese or 20 Latin characters, no …)', (input, expected) => {
    expect(fitKeyword('name', input)).toBe(expected);
  });

  it.each([
    ['已完成', '已完成'],
    ['已经完成了吗', '已经完成了'],
    ['待 支付', '待支付']
  ])('phrase %p → %p', (input, expected) => {
    expect(fitKeyword('phrase', input)).toBe(expected);
  });

  it.each(['OK', '已完成!', '3天'])('phrase %p is rejected (Chinese characters only)', (input) => {
    expect(() => fitKeyword('phrase', input)).toThrow(KeywordValueError);
  });
});

describe('data types are tidied, never cut', () => {
  const ok: Array<[KeywordType, string | number, string]> = [
    ['number', '12345', '12345'],
    ['number', 12.5, '12.5'],
    ['number', '１２３', '123'],
    ['number', '9'.repeat(32), '9'.repeat(32)],
    ['letter', 'ABCdef', 'ABCdef'],
    ['symbol', '★', '★'],
    ['symbol', '+-*/%', '+-*/%'],
    ['character_string', 'RO-2025-0001', 'RO-2025-0001'],
    ['character_string', 'x'.repeat(32), 'x'.repeat(32)],
    ['phone_number', '138 0013 8000', '13800138000'],
    ['phone_number', '+86-138-0013-8000', '+86-138-0013-8000'],
    ['phone_number', '0755-12345678', '0755-12345678'],
    ['car_number', '粤B·12345', '粤B12345'],
    ['car_number', '粤bd12345', '粤BD12345'],
    ['car_number', '粤B1234学', '粤B1234学'],
    ['amount', '1,234.50元', '1234.50元'],
    ['amount', '¥88', '¥88'],
    ['amount', '９９.９', '99.9']
  ];
  it.each(ok)('%s %p → %p', (type, input, expected) => {
    expect(fitKeyword(type, input)).toBe(expected);
  });

  const rejected: Array<[KeywordType, string | number | Date]> = [
    ['number', '9'.repeat(33)],
    ['number', 'abc'],
    ['number', -1],
    ['number', Number.NaN],
    ['number', 1e21],
    ['letter', 'AB1'],
    ['symbol', '★★★★★★'],
    ['symbol', 'a'],
    ['character_string', 'x'.repeat(33)],
    ['character_string', '订单1'],
    ['character_string', 'A B'],
    ['phone_number', '+86-138-0013-80001'],
    ['phone_number', '138abc'],
    ['car_number', '粤B123456789'],
    ['car_number', ''],
    ['car_number', 'B-?'],
    ['amount', 88],
    ['amount', '12345678901'],
    ['amount', '1.234'],
    ['thing', new Date('2025-01-01T00:00:00Z')]
  ];
  it.each(rejected)('%s %p is rejected', (type, input) => {
    expect(() => fitKeyword(type, input)).toThrow(KeywordValueError);
  });
});

describe('time and date, formatted in Asia/Shanghai', () => {
  it.each([
    ['2019-10-01T07:01:00Z', '2019年10月1日 15:01'],
    [new Date('2025-01-01T15:59:00Z'), '2025年1月1日 23:59'],
    [new Date('2025-01-01T16:00:00Z'), '2025年1月2日 00:00'],
    ['2025-05-06 09:05', '2025年5月6日 09:05'],
    ['2025-05-06T09:05:30', '2025年5月6日 09:05'],
    ['2025-05-06T09:05:00+08:00', '2025年5月6日 09:05'],
    ['2025-05-06T09:05:00.000+0000', '2025年5月6日 17:05'],
    ['2019年10月1日 15:01', '2019年10月1日 15:01'],
    ['15:01~17:00', '15:01~17:00']
  ])('time %p → %p', (input, expected) => {
    expect(fitKeyword('time', input)).toBe(expected);
  });

  it.each(['2025-05-06', 'tomorrow', '2025-05-06T25:00', '2025-02-30T10:00:00Z'])(
    'time %p is rejected',
    (input) => {
      expect(() => fitKeyword('time', input)).toThrow(KeywordValueError);
    }
  );

  it('time rejects an invalid Date and numbers', () => {
    expect(() => fitKeyword('time', new Date('x'))).toThrow(KeywordValueError);
    expect(() => fitKeyword('time', 1735689600000)).toThrow(KeywordValueError);
  });

  it.each([
    ['2025-10-01', '2025年10月1日'],
    ['2025-01-01T16:30:00Z', '2025年1月2日'],
    [new Date('2024-12-31T16:00:00Z'), '2025年1月1日'],
    ['2019年10月1日', '2019年10月1日'],
    ['2019年10月1日 ~ 2019年10月7日', '2019年10月1日 ~ 2019年10月7日']
  ])('date %p → %p', (input, expected) => {
    expect(fitKeyword('date', input)).toBe(expected);
  });

  it.each(['2025-02-30', '10/1/2025', ''])('date %p is rejected', (input) => {
    expect(() => fitKeyword('date', input)).toThrow(KeywordValueError);
  });
});

describe('fitKeywordData', () => {
  it('builds the data object of a subscribe-message send', () => {
    expect(
      fitKeywordData({
        thing1: `${cjk(25)}`,
        time2: new Date('2025-10-01T01:00:00Z'),
        car_number3: '粤B·12345'
      })
    ).toEqual({
      thing1: { value: `${cjk(19)}…` },
      time2: { value: '2025年10月1日 09:00' },
      car_number3: { value: '粤B12345' }
    });
  });

  it('rejects keys that are not keyword names', () => {
    expect(() => fitKeywordData({ title: 'x' })).toThrow("'title' is not a subscribe-message keyword");
  });
});

describe('code-point helpers', () => {
  it('clusters keep emoji sequences together', () => {
    expect(clusters('a👨‍👩‍👧🇨🇳🇯🇵👍🏽e\u0301')).toEqual(['a', '👨‍👩‍👧', '🇨🇳', '🇯🇵', '👍🏽', 'e\u0301']);
  });

  it('truncateCodePoints adds the mark only when it fits', () => {
    expect(truncateCodePoints('abcdef', 3, '…')).toBe('ab…');
    expect(truncateCodePoints('abcdef', 1, '…')).toBe('a');
    expect(truncateCodePoints('abc', 3, '…')).toBe('abc');
    // Not even one whole cluster fits: cut by code point, still no broken surrogate.
    expect(truncateCodePoints('👨‍👩‍👧', 2)).toBe('👨\u200d');
  });
});
