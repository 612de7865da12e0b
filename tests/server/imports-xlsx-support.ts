import ExcelJS from 'exceljs';
import JSZip from 'jszip';

/**
 * Uploads built in memory for the XLSX tests: deterministic rows full of Chinese text
 * (3-byte UTF-8 characters and a 4-byte one now and then, so the inflated XML chunks of a
 * ZIP entry end inside characters many times), written as CSV, as an XLSX with shared
 * strings and as an XLSX with inline strings.
 */

export type Sheet = { headers: string[]; rows: string[][] };

/** A small deterministic generator (mulberry32): the same rows on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤';
/** 𠀀-style supplementary characters: 4 bytes in UTF-8, a surrogate pair in JavaScript. */
const SUPPLEMENTARY = ['𠀋', '𡈽', '𤭢', '𨰻', '𪚥'];

export function cjkText(next: () => number, min: number, max: number): string {
  const length = min + Math.floor(next() * (max - min + 1));
  let text = '';
  for (let i = 0; i < length; i++) {
    if (next() < 0.03) text += SUPPLEMENTARY[Math.floor(next() * SUPPLEMENTARY.length)];
    else text += String.fromCodePoint(0x4e00 + Math.floor(next() * (0x9fa5 - 0x4e00)));
  }
  return text;
}

const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXY';

/** Customers with one vehicle each: name, mobile, address, plate, brand, series, model. */
export function customerSheet(count: number, seed = 1): Sheet {
  const next = random(seed);
  const rows: string[][] = [];
  for (let i = 0; i < count; i++) {
    const plate =
      PROVINCES[i % PROVINCES.length] +
      PLATE_LETTERS[Math.floor(i / PROVINCES.length) % PLATE_LETTERS.length] +
      String(10000 + Math.floor(i / (PROVINCES.length * PLATE_LETTERS.length))).padStart(5, '0');
    rows.push([
      SURNAMES[Math.floor(next() * SURNAMES.length)] + cjkText(next, 1, 3),
      `138${String(i).padStart(8, '0')}`,
      cjkText(next, 6, 30),
      plate,
      cjkText(next, 2, 4),
      cjkText(next, 2, 6),
      cjkText(next, 3, 10)
    ]);
  }
  return { headers: ['客户姓名', '手机号', '地址', '车牌号', '品牌', '车系', '车型'], rows };
}

/** Repair orders of the customers' vehicles, advisor names in Chinese. */
export function repairOrderSheet(customers: Sheet, seed = 2): Sheet {
  const next = random(seed);
  const rows = customers.rows.map((customer, i) => [
    `RO${String(i).padStart(7, '0')}`,
    customer[3],
    `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    ['定期保养', '一般维修', '事故车'][i % 3],
    String(100 + (i % 900)),
    cjkText(next, 2, 3)
  ]);
  return { headers: ['工单号', '车牌号', '进厂日期', '维修类型', '金额', '服务顾问'], rows };
}

export function csvOf(sheet: Sheet): Buffer {
  const line = (cells: string[]) => cells.map((c) => (/[",\r\n]/.test(c) ? `"${c}"` : c)).join(',');
  return Buffer.from(`\ufeff${[sheet.headers, ...sheet.rows].map(line).join('\r\n')}\r\n`, 'utf8');
}

/** ExcelJS's own writer: every text cell is a shared string. */
export async function sharedStringsXlsx(sheet: Sheet): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const worksheet = workbook.addWorksheet('Sheet1');
  worksheet.addRow(sheet.headers);
  for (const row of sheet.rows) worksheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const xmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** The sheet XML as WPS and many DMS exporters write it: `<c t="inlineStr"><is><t>…`. */
export function inlineSheetXml(sheet: Sheet): string {
  const rows = [sheet.headers, ...sheet.rows].map((cells, r) => {
    const xml = cells
      .map((c, i) => `<c r="${columnName(i)}${r + 1}" t="inlineStr"><is><t>${xmlEscape(c)}</t></is></c>`)
      .join('');
    return `<row r="${r + 1}">${xml}</row>`;
  });
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    `<sheetData>${rows.join('')}</sheetData></worksheet>`
  );
}

/** Replaces (or adds) parts of a workbook, deflated as Excel does. */
export async function withParts(xlsx: Buffer, parts: Record<string, string | Buffer>): Promise<Buffer> {
  const zip = await JSZip.loadAsync(xlsx);
  for (const [path, content] of Object.entries(parts)) zip.file(path, content);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A one-cell ExcelJS workbook whose sheet is replaced by inline strings. */
export async function inlineStringsXlsx(sheet: Sheet): Promise<Buffer> {
  const base = await sharedStringsXlsx({ headers: ['x'], rows: [] });
  return withParts(base, { 'xl/worksheets/sheet1.xml': inlineSheetXml(sheet) });
}
