import {
  computeVinCheckDigit,
  isNewEnergyPlate,
  isValidPlate,
  isValidVinFormat,
  normalizePlate,
  normalizeVin,
  vinCheckDigitOk,
  vinLast6
} from '@dealer/shared/domain';

describe('normalizePlate', () => {
  it.each([
    ['粤B·12345', '粤B12345'],
    ['京a 12345', '京A12345'],
    ['沪C-1234X', '沪C1234X'],
    ['粤B.D12345', '粤BD12345'],
    ['粤B•12345', '粤B12345'],
    ['粤B・12345', '粤B12345'],
    ['粤Ｂ１２３４５', '粤B12345'],
    [' 粤b·d12345 ', '粤BD12345'],
    ["'粤B12345", '粤B12345']
  ])('%s → %s', (input, expected) => {
    expect(normalizePlate(input)).toBe(expected);
  });

  it('gives null for nothing', () => {
    expect(normalizePlate('')).toBeNull();
    expect(normalizePlate(' · ')).toBeNull();
    expect(normalizePlate(null)).toBeNull();
    expect(normalizePlate(undefined)).toBeNull();
  });
});

describe('isValidPlate', () => {
  it.each([
    '粤B12345',
    '京A88888',
    '沪C1234X',
    '川A1B2C3',
    '新A12345', // ordinary
    '粤BD12345',
    '粤BF12345',
    '粤BDA1234',
    '京AFA1234',
    '粤BA12345',
    '粤BK12345', // small new energy
    '粤B12345D',
    '粤B12345F', // large new energy
    '粤B1234挂',
    '粤B1234学',
    '粤A1234警',
    '粤A1234领',
    '粤Z1234港',
    '粤ZA123澳'
  ])('accepts %s', (plate) => {
    expect(isValidPlate(plate)).toBe(true);
  });

  it.each([
    '',
    '粤B1234', // too short
    '粤B123456', // 6 serial digits, not new energy
    '粤BI2345', // I is never used
    '粤BO2345', // O is never used
    '粤1B2345', // issuing letter must be a letter
    'AB12345', // no province
    '港B12345', // not a mainland province
    '粤B12345X', // 8 chars but X is not D/F
    '粤BL12345', // L is not a new-energy letter
    '粤BDA12B4', // new energy: last four must be digits
    '京B1234港', // 港 suffix only on 粤Z
    '粤B12345挂' // suffix plates have 4 serial characters
  ])('rejects %p', (plate) => {
    expect(isValidPlate(plate)).toBe(false);
  });

  it('tells new-energy plates by their length', () => {
    expect(isNewEnergyPlate('粤BD12345')).toBe(true);
    expect(isNewEnergyPlate('粤B12345')).toBe(false);
    expect(isNewEnergyPlate('粤BX12345')).toBe(false);
  });
});

describe('VIN', () => {
  it('normalises case, width, spaces and the Excel apostrophe', () => {
    expect(normalizeVin(' lsvau218xn 2183294 ')).toBe('LSVAU218XN2183294');
    expect(normalizeVin('ＬＳＶＡＵ２１８ＸＮ２１８３２９４')).toBe('LSVAU218XN2183294');
    expect(normalizeVin("'LSVAU218XN2183294")).toBe('LSVAU218XN2183294');
    expect(normalizeVin('  ')).toBeNull();
    expect(normalizeVin(null)).toBeNull();
  });

  it.each(['1M8GDM9AXKP042788', 'LSVAU218XN2183294', 'JHMCM56557C404453', 'LSVAU2180N2183294'])(
    'accepts the format of %s',
    (vin) => {
      expect(isValidVinFormat(vin)).toBe(true);
    }
  );

  it.each([
    'LSVAU218XN218329', // 16
    'LSVAU218XN21832945', // 18
    'LSVAU2I8XN2183294', // I
    'LSVAO218XN2183294', // O
    'LSVAQ218XN2183294', // Q
    'lsvau218xn2183294', // not normalised
    'LSVAU218XN218329-'
  ])('rejects the format of %s', (vin) => {
    expect(isValidVinFormat(vin)).toBe(false);
  });

  // Check digits worked out by hand: sum of transliterated values × weights (8 7 6 5 4 3 2 10 0
  // 9 8 7 6 5 4 3 2) mod 11, 10 written as X. For 1M8GDM9AXKP042788:
  // 8+28+48+35+16+12+18+10+0+18+56+0+24+10+28+24+16 = 351 = 31×11 + 10 → 'X'.
  it.each([
    ['1M8GDM9AXKP042788', 'X'],
    ['JHMCM56557C404453', '5'],
    ['LSVAU218XN2183294', 'X'],
    ['LGXC76C43N0123456', '3'],
    ['LSVUU60T1M2012345', '1'],
    ['LE4ZG8DB9PL123456', '9'],
    ['LFV3A23C7K3012345', '7'],
    ['11111111111111111', '1']
  ])('%s has check digit %s', (vin, digit) => {
    expect(computeVinCheckDigit(vin)).toBe(digit);
    expect(vinCheckDigitOk(vin)).toBe(true);
  });

  it('flags a wrong check digit (a warning for imports, not a rejection)', () => {
    // The brief's "LSVAU2180N2183294" has 0 at position 9 but the digits demand X.
    expect(computeVinCheckDigit('LSVAU2180N2183294')).toBe('X');
    expect(vinCheckDigitOk('LSVAU2180N2183294')).toBe(false);
    expect(vinCheckDigitOk('1M8GDM9A1KP042788')).toBe(false);
    expect(vinCheckDigitOk('WVWZZZ3CZWE000001')).toBe(false); // European VINs often carry Z there
  });

  it('has no check digit for a malformed VIN', () => {
    expect(computeVinCheckDigit('ABC')).toBeNull();
    expect(vinCheckDigitOk('ABC')).toBe(false);
  });

  it('vinLast6 gives the last six characters of the normalised VIN', () => {
    expect(vinLast6('LSVAU218XN2183294')).toBe('183294');
    expect(vinLast6(' lsvau218xn2183294')).toBe('183294');
    expect(vinLast6('12345')).toBeNull();
  });
});
