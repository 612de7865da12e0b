/**
 * The DMS exports of the import benchmark, as UTF-8 CSV files:
 *  - customers: one row per customer with their vehicle (name, mobile, gender, birthday,
 *    plate, VIN, brand, series, model, delivery date, usage, mileage);
 *  - repair orders: oldest first, as DMS exports are, each row a visit of one of those
 *    vehicles (round-robin by a prime step, so consecutive rows hit different vehicles);
 *  - the same repair orders re-exported with every tenth amount corrected (a re-import).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const TYPES = ['定保', '一般维修', '首保', '钣喷', '保修'];
const ADVISORS = ['李顾问', '王顾问', '赵顾问'];
const SERIES = ['朗逸', '帕萨特', '途观L', '速腾'];

export const vinOf = (i: number): string => `LBENCH${String(i).padStart(11, '0')}`;
export const plateOf = (i: number): string =>
  `粤${'ABCDEFGHJK'[Math.floor(i / 100_000) % 10]}${String(i % 100_000).padStart(5, '0')}`;
export const mobileOf = (i: number): string => `138${String(i).padStart(8, '0')}`;
export const roNumberOf = (i: number): string => `RO${String(i).padStart(9, '0')}`;

/** Rows whose amount the corrected re-export changes. */
export const isCorrected = (i: number): boolean => i % 10 === 3;
const amountOf = (i: number, corrected: boolean) =>
  (300 + (i % 50) * 37.5 + (corrected && isCorrected(i) ? 10 : 0)).toFixed(2);

async function writeLines(
  path: string,
  header: string,
  count: number,
  line: (i: number) => string
): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  for (let i = 0; i < count; i++) if (!out.write(`${line(i)}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

export function writeCustomersCsv(path: string, customers: number): Promise<void> {
  return writeLines(
    path,
    '客户姓名,手机号码,性别,生日,车牌号,VIN,品牌,车系,车型,购车日期,使用性质,行驶里程',
    customers,
    (i) => {
      const birth = `19${60 + (i % 40)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      const delivery = `20${15 + (i % 8)}-${String(1 + (i % 12)).padStart(2, '0')}-15`;
      return `客户${i},${mobileOf(i)},${i % 3 ? '男' : '女'},${birth},${plateOf(i)},${vinOf(i)},大众,${SERIES[i % SERIES.length]},1.5L 舒适版,${delivery},私家车,${5000 + (i % 90) * 1000}`;
    }
  );
}

export function writeRepairOrdersCsv(
  path: string,
  rows: number,
  vehicles: number,
  corrected = false
): Promise<void> {
  const start = Date.UTC(2023, 0, 1);
  return writeLines(
    path,
    '工单号,车牌号,VIN,进厂日期,出厂日期,维修类型,结算金额(元),进厂里程,服务顾问,是否付费',
    rows,
    (i) => {
      const v = (i * 7919) % vehicles;
      const day = new Date(start + Math.floor((i / rows) * 730) * 86_400_000).toISOString().slice(0, 10);
      return `${roNumberOf(i)},${plateOf(v)},${vinOf(v)},${day},${day},${TYPES[i % TYPES.length]},${amountOf(i, corrected)},${10000 + i},${ADVISORS[i % 3]},${i % 5 === 2 ? '否' : '是'}`;
    }
  );
}
