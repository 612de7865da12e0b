import {
  cleanText,
  collapseSpaces,
  isValidMobile,
  maskMobile,
  normalizeMobile,
  toHalfWidth
} from '@dealer/shared/domain';

describe('toHalfWidth', () => {
  it.each([
    ['１３８１２３４５６７８', '13812345678'],
    ['ＡＢＣｘｙｚ', 'ABCxyz'],
    ['（）：，．－＋＠＃', '():,.-+@#'],
    ['金额（元）', '金额(元)'],
    ['a\u3000b', 'a b'],
    ['～！', '~!'],
    ['中文。、【】', '中文。、【】'],
    ['', '']
  ])('%s → %s', (input, expected) => {
    expect(toHalfWidth(input)).toBe(expected);
  });

  it('keeps characters outside the BMP intact', () => {
    expect(toHalfWidth('𠮷１')).toBe('𠮷1');
  });
});

describe('collapseSpaces / cleanText', () => {
  it('collapses every kind of whitespace run and trims', () => {
    expect(collapseSpaces('  a \t\n b\u00a0\u3000c  ')).toBe('a b c');
    expect(collapseSpaces('   ')).toBe('');
  });

  it('cleanText folds full width and spaces together', () => {
    expect(cleanText(' 张\u3000三  １号 ')).toBe('张 三 1号');
  });
});

describe('normalizeMobile', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['+86 138-1234-5678', '13812345678'],
    ['+8613812345678', '13812345678'],
    ['86 13812345678', '13812345678'],
    ['0086 138 1234 5678', '13812345678'],
    ['(+86)138.1234.5678', '13812345678'],
    ['（＋８６）１３８－１２３４－５６７８', '13812345678'],
    ['１３８１２３４５６７８', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ["'13812345678", '13812345678'],
    ['013812345678', '13812345678'],
    ['19912345678', '19912345678'],
    ['0755-12345678/13912345678', '13912345678'],
    ['13812345678，13912345678', '13812345678']
  ])('%s → %s', (input, expected) => {
    expect(normalizeMobile(input)).toBe(expected);
  });

  it.each([
    '',
    '12345678901', // second digit 2 is not a mobile prefix
    '10012345678',
    '1381234567', // 10 digits
    '138123456789', // 12 digits
    '0755-12345678', // landline
    '1.38123E+10', // Excel scientific notation lost the digits
    '138abcd5678',
    '+1 415 555 2671',
    '8613812345678999'
  ])('rejects %p', (input) => {
    expect(normalizeMobile(input)).toBeNull();
  });

  it('accepts numbers from spreadsheet cells', () => {
    expect(normalizeMobile(13812345678)).toBe('13812345678');
    expect(normalizeMobile(8613812345678)).toBe('13812345678');
    expect(normalizeMobile(1.5)).toBeNull();
  });

  it('treats null and undefined as missing', () => {
    expect(normalizeMobile(null)).toBeNull();
    expect(normalizeMobile(undefined)).toBeNull();
  });

  it('isValidMobile checks the exact pattern', () => {
    expect(isValidMobile('13812345678')).toBe(true);
    expect(isValidMobile('12812345678')).toBe(false);
    expect(isValidMobile(' 13812345678')).toBe(false);
  });

  it('maskMobile hides the middle four digits', () => {
    expect(maskMobile('13812345678')).toBe('138****5678');
    expect(maskMobile('123')).toBe('123');
  });
});
