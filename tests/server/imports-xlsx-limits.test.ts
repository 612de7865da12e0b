import { Customer } from '../../server/src/modules/customers/customer.model';
import { ImportJob } from '../../server/src/modules/imports/import.model';
import { readTable, ImportFileError } from '../../server/src/modules/imports/parsing';
import { startTestApp, type TestContext } from '../support/harness';
import { makeDealership, makeStaff } from '../support/factories';
import { upload } from './imports-support';
import {
  customerSheet,
  inlineSheetXml,
  sharedStringsXlsx,
  withParts,
  type Sheet
} from './imports-xlsx-support';

/** ZIP bombs: XLSX parts and shared strings are bounded by settings; refused with 413. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({
    XLSX_MAX_PART_MB: '1',
    XLSX_MAX_SHARED_STRINGS: '1000',
    XLSX_MAX_SHARED_STRING_CHARS: '20000'
  });
});
afterAll(() => ctx.close());

const PART_LIMIT = 1024 * 1024;
const small = customerSheet(5);

/** A valid sheet followed by a comment of `padding` spaces: a few KB compressed. */
function paddedSheetXml(sheet: Sheet, padding: number): string {
  return inlineSheetXml(sheet).replace('</worksheet>', `<!--${' '.repeat(padding)}--></worksheet>`);
}

/** Rewrites the uncompressed size a ZIP declares for one entry (local and central headers). */
function lieAboutSize(zip: Buffer, path: string, declared: number): Buffer {
  const out = Buffer.from(zip);
  const name = Buffer.from(path);
  for (const [signature, sizeAt, nameLengthAt, nameAt] of [
    [0x04034b50, 22, 26, 30],
    [0x02014b50, 24, 28, 46]
  ]) {
    for (
      let i = out.indexOf(Buffer.from([0x50, 0x4b]));
      i !== -1;
      i = out.indexOf(Buffer.from([0x50, 0x4b]), i + 1)
    ) {
      if (out.readUInt32LE(i) !== signature) continue;
      const length = out.readUInt16LE(i + nameLengthAt);
      if (out.subarray(i + nameAt, i + nameAt + length).equals(name)) out.writeUInt32LE(declared, i + sizeAt);
    }
  }
  return out;
}

async function expectRefused(bytes: Buffer, limit: string) {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const res = await upload(ctx, manager.auth, { name: 'bomb.xlsx', bytes }, { kind: 'customers' });
  expect(res.status).toBe(413);
  expect(res.body.error).toMatchObject({ code: 'XLSX_TOO_LARGE', details: { limit } });
  expect(res.body.error.message).toMatch(/解压后过大/);
  expect(await ImportJob.countDocuments({ dealershipId: dealership._id })).toBe(0);
  expect(await Customer.countDocuments({ dealershipId: dealership._id })).toBe(0);
}

test('a sheet that inflates beyond the part limit is refused before anything is imported', async () => {
  const bomb = await withParts(await sharedStringsXlsx({ headers: ['x'], rows: [] }), {
    'xl/worksheets/sheet1.xml': paddedSheetXml(small, 3 * PART_LIMIT)
  });
  expect(bomb.length).toBeLessThan(64 * 1024);
  await expectRefused(bomb, 'maxPartBytes');
});

test('an archive that declares a small size but inflates beyond the limit is refused too', async () => {
  const path = 'xl/worksheets/sheet1.xml';
  const bomb = lieAboutSize(
    await withParts(await sharedStringsXlsx({ headers: ['x'], rows: [] }), {
      [path]: paddedSheetXml(small, 3 * PART_LIMIT)
    }),
    path,
    4096
  );
  await expectRefused(bomb, 'maxPartBytes');
  // The parser itself stops while streaming, whatever the header says.
  const rows = async () => {
    for await (const _ of readTable(bomb, 'bomb.xlsx', {
      xlsxLimits: { maxPartBytes: PART_LIMIT, maxSharedStrings: 1e6, maxSharedStringChars: 1e8 }
    }));
  };
  await expect(rows()).rejects.toBeInstanceOf(ImportFileError);
});

test('too many shared strings are refused', async () => {
  await expectRefused(await sharedStringsXlsx(customerSheet(400)), 'maxSharedStrings');
});

test('shared strings holding too many characters are refused', async () => {
  const long = {
    headers: small.headers,
    rows: small.rows.map((r) => [r[0], r[1], `${'长'.repeat(5000)}${r[1]}`, ...r.slice(3)])
  };
  await expectRefused(await sharedStringsXlsx(long), 'maxSharedStringChars');
});

/** Overwrites the first byte of an entry's deflate data with an invalid block type. */
function corruptEntry(zip: Buffer, path: string): Buffer {
  const out = Buffer.from(zip);
  const name = Buffer.from(path);
  for (let i = out.indexOf(0x50); i !== -1 && i < out.length - 30; i = out.indexOf(0x50, i + 1)) {
    if (out.readUInt32LE(i) !== 0x04034b50) continue;
    const nameLength = out.readUInt16LE(i + 26);
    if (!out.subarray(i + 30, i + 30 + nameLength).equals(name)) continue;
    out[i + 30 + nameLength + out.readUInt16LE(i + 28)] = 0xff;
    return out;
  }
  throw new Error(`${path} not found`);
}

test('a part that does not inflate is a 400 MALFORMED_FILE at upload, not a server error', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const bytes = corruptEntry(await sharedStringsXlsx(small), 'xl/theme/theme1.xml');
  const res = await upload(ctx, manager.auth, { name: 'broken.xlsx', bytes }, { kind: 'customers' });
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('MALFORMED_FILE');
  expect(await ImportJob.countDocuments({ dealershipId: dealership._id })).toBe(0);
});

test('a workbook within the limits still imports', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const res = await upload(
    ctx,
    manager.auth,
    { name: 'ok.xlsx', bytes: await sharedStringsXlsx(small) },
    {
      kind: 'customers'
    }
  );
  expect(res.status).toBe(202);
});
