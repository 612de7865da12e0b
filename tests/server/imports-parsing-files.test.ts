/** readTable / openTable on hand-made uploads: encodings, delimiters, rejections. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import {
  ImportFileError,
  openTable,
  readTable,
  type TableRow
} from '../../server/src/modules/imports/parsing';

async function rowsOf(input: Buffer | string, name = 'upload.csv', mapping?: unknown): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  for await (const row of readTable(input, name, { mapping })) rows.push(row);
  return rows;
}

async function failure(
  input: Buffer | string,
  name = 'upload.csv',
  mapping?: unknown
): Promise<ImportFileError> {
  try {
    await rowsOf(input, name, mapping);
  } catch (e) {
    if (e instanceof ImportFileError) return e;
    throw e;
  }
  throw new Error('expected an ImportFileError');
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');

describe('rejected uploads', () => {
  it.each([
    ['an empty file', Buffer.alloc(0), 'EMPTY_FILE'],
    ['blank lines only', utf8('\r\n\r\n  \r\n,,,\r\n'), 'EMPTY_FILE'],
    ['a BOM and nothing else', utf8('\ufeff'), 'EMPTY_FILE'],
    [
      'a PNG renamed .csv',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      'UNSUPPORTED_FILE'
    ],
    ['a PDF', utf8('%PDF-1.7\n...'), 'UNSUPPORTED_FILE'],
    [
      'text with NUL bytes',
      Buffer.concat([utf8('姓名,手机\n'), Buffer.from([0, 1, 2, 0])]),
      'UNSUPPORTED_FILE'
    ],
    [
      'mostly control characters',
      Buffer.from(Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 1 : 65))),
      'UNSUPPORTED_FILE'
    ],
    [
      'an HTML page saved as .xls',
      utf8('<html><table><tr><td>姓名</td></tr></table></html>'),
      'UNSUPPORTED_FILE'
    ],
    [
      'a legacy .xls workbook',
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      'LEGACY_XLS'
    ],
    [
      'a damaged XLSX',
      Buffer.concat([Buffer.from([0x50, 0x4b, 3, 4]), Buffer.alloc(100, 7)]),
      'MALFORMED_FILE'
    ],
    ['a CSV without known headers', utf8('foo,bar\n1,2\n'), 'NO_HEADER'],
    ['a header with a single known column', utf8('姓名,备注\n张三,x\n'), 'NO_HEADER']
  ])('%s', async (_label, input, code) => {
    expect((await failure(input)).code).toBe(code);
  });

  it('gives up looking for the header after ten non-blank rows', async () => {
    const titles = Array.from({ length: 10 }, (_, i) => `标题${i}`).join('\n');
    expect((await failure(utf8(`${titles}\n姓名,手机\n张三,13812345678\n`))).code).toBe('NO_HEADER');
    const nine = Array.from({ length: 9 }, (_, i) => `标题${i}`).join('\n');
    expect(await rowsOf(utf8(`${nine}\n姓名,手机\n张三,13812345678\n`))).toHaveLength(1);
  });

  it('rejects an XLSX whose first sheet is empty', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('空');
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    expect((await failure(buffer, 'x.xlsx')).code).toBe('EMPTY_FILE');
  });

  it('rejects a mapping onto unknown fields', async () => {
    const error = await failure(utf8('姓名,手机\n张三,13812345678\n'), 'x.csv', { 姓名: 'fullName' });
    expect(error.code).toBe('INVALID_MAPPING');
    expect(error.details).toMatchObject({ invalid: { 姓名: 'fullName' } });
    expect((await failure(utf8('姓名,手机\n'), 'x.csv', ['not', 'an', 'object'])).code).toBe(
      'INVALID_MAPPING'
    );
  });
});

describe('encodings', () => {
  const text = '客户姓名,手机号码,车牌号\r\n张三,13812345678,粤B·12345\r\n';

  it.each([
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(text)]), 'utf-8'],
    ['UTF-8 without BOM', utf8(text), 'utf-8'],
    ['GBK', iconv.encode(text, 'gbk'), 'gb18030'],
    ['GB18030', iconv.encode(text, 'gb18030'), 'gb18030'],
    ['UTF-16LE with BOM', iconv.encode(text, 'utf-16le', { addBOM: true }), 'utf-16le'],
    [
      'UTF-16BE with BOM',
      Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')]),
      'utf-16be'
    ]
  ])('reads %s', async (_label, input, encoding) => {
    const table = await openTable(input, 'x.csv');
    const rows: TableRow[] = [];
    for await (const row of table.rows) rows.push(row);
    expect(table.encoding()).toBe(encoding);
    expect(table.headers).toEqual(['客户姓名', '手机号码', '车牌号']);
    expect(rows).toEqual([
      { rowNumber: 2, cells: { 客户姓名: '张三', 手机号码: '13812345678', 车牌号: '粤B·12345' } }
    ]);
  });

  it('recognises GBK that only starts after a long ASCII stretch (read from disk in chunks)', async () => {
    const filler = Array.from({ length: 3000 }, (_, i) => `Customer ${i},13800000000,N/A`).join('\r\n');
    const body = `name,mobile,plate\r\n${filler}\r\n张三,13812345678,粤B12345\r\n李四,13912345678,京A88888\r\n`;
    const path = join(mkdtempSync(join(tmpdir(), 'dms-')), 'late-gbk.csv');
    writeFileSync(path, iconv.encode(body, 'gbk'));
    const table = await openTable(path, 'late-gbk.csv');
    const rows: TableRow[] = [];
    for await (const row of table.rows) rows.push(row);
    expect(table.encoding()).toBe('gb18030');
    expect(rows).toHaveLength(3002);
    expect(rows.at(-2)).toEqual({
      rowNumber: 3002,
      cells: { name: '张三', mobile: '13812345678', plate: '粤B12345' }
    });
    expect(rows.at(-1)?.cells.name).toBe('李四');
  });
});

describe('layout', () => {
  it.each([
    ['tab', '姓名\t手机\t金额\n张三\t13812345678\t"1,234.50"\n李四\t13912345678\t1,000\n', '\t'],
    ['semicolon', '姓名;手机;金额\n张三;13812345678;1234,50\n', ';'],
    ['comma', '客户档案导出\n姓名,手机,地址\n张三,13812345678,"深圳市; 南山区"\n', ',']
  ])('detects the %s delimiter', async (_label, text, delimiter) => {
    const table = await openTable(utf8(text), 'x.csv');
    expect(table.delimiter).toBe(delimiter);
    const rows: TableRow[] = [];
    for await (const row of table.rows) rows.push(row);
    expect(rows[0].cells['手机']).toBe('13812345678');
  });

  it('names repeated headers uniquely and drops columns without a header', async () => {
    const table = await openTable(utf8('姓名,电话,,电话,备注\n张三,0755-1234567,x,13812345678,\n'), 'x.csv');
    expect(table.headers).toEqual(['姓名', '电话', '电话 (2)', '备注']);
    expect(table.columns.fields.mobile).toEqual(['电话', '电话 (2)']);
    const rows: TableRow[] = [];
    for await (const row of table.rows) rows.push(row);
    expect(rows[0].cells).toEqual({
      姓名: '张三',
      电话: '0755-1234567',
      '电话 (2)': '13812345678',
      备注: null
    });
  });

  it('pads short rows with null and ignores cells beyond the header', async () => {
    const rows = await rowsOf(utf8('姓名,手机,车牌\n张三\n李四,13812345678,粤B12345,extra\n'));
    expect(rows.map((r) => r.cells)).toEqual([
      { 姓名: '张三', 手机: null, 车牌: null },
      { 姓名: '李四', 手机: '13812345678', 车牌: '粤B12345' }
    ]);
  });

  it('counts headers named in the mapping when looking for the header row', async () => {
    const table = await openTable(utf8('甲,乙\n张三,13812345678\n'), 'x.csv', {
      mapping: { 甲: 'name', 乙: 'mobile' }
    });
    expect(table.headerRowNumber).toBe(1);
    expect(table.columns.fields).toEqual({ name: ['甲'], mobile: ['乙'] });
  });

  it('keeps XLSX numbers and dates typed, and turns rich text, formulas and errors into values', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('工单');
    sheet.addRow(['工单号', '进厂日期', '金额', '车牌号', '备注']);
    sheet.addRow([
      20240001,
      new Date(Date.UTC(2024, 4, 6)),
      { formula: 'A1', result: 12.5 },
      { richText: [{ text: '粤B' }, { text: '12345' }] },
      { error: '#N/A' }
    ]);
    sheet.getCell('B2').numFmt = 'yyyy/m/d';
    const rows = await rowsOf(Buffer.from(await workbook.xlsx.writeBuffer()), 'x.xlsx');
    expect(rows).toEqual([
      {
        rowNumber: 2,
        cells: {
          工单号: 20240001,
          进厂日期: new Date(Date.UTC(2024, 4, 6)),
          金额: 12.5,
          车牌号: '粤B12345',
          备注: null
        }
      }
    ]);
  });

  it('reads the first sheet in workbook order, every time, even when workbook.xml is stored last', async () => {
    // ExcelJS's writer stores xl/workbook.xml last; its streaming reader intermittently
    // lost that entry (exceljs #3064). Sheet 2 is moved to the front of the workbook.
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('旧表').addRows([['姓名', '手机'], ['旧', '1']]);
    workbook.addWorksheet('客户').addRows([['姓名', '手机'], ['新', '2']]);
    (workbook.getWorksheet('客户') as unknown as { orderNo: number }).orderNo = -1; // untyped in ExcelJS
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const reads = await Promise.all(Array.from({ length: 20 }, () => rowsOf(buffer, 'x.xlsx')));
    for (const rows of reads) expect(rows).toEqual([{ rowNumber: 2, cells: { 姓名: '新', 手机: '2' } }]);
  });

  it('closes the file when the reader stops early', async () => {
    const table = await openTable(utf8('姓名,手机\n张三,1\n李四,2\n'), 'x.csv');
    for await (const row of table.rows) {
      expect(row.rowNumber).toBe(2);
      break;
    }
    await expect(table.close()).resolves.toBeUndefined();
  });
});
