import mongoose, { Types } from 'mongoose';
import { Readable } from 'node:stream';
import {
  CUSTOMER_SOURCE_LABELS,
  GENDER_LABELS,
  OCCUPATION_CLASS_LABELS,
  REGION_CLASS_LABELS,
  type CustomerFilterQuery
} from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { recordAccess } from '../access-log/access-log.service';
import { Vehicle } from '../vehicles/vehicle.model';
import { Customer } from './customer.model';
import { ageGroupOf, refOf, staffNames } from './customer.present';
import { buildCustomerFilter } from './customer-search';
import type { CustomerRecord } from './customer.scope';

const BATCH = 500;
/** Excel only reads a CSV as UTF-8 (Chinese intact) when it starts with a byte-order mark. */
const BOM = '\uFEFF';
const HEADER = [
  '姓名',
  '手机号',
  '性别',
  '生日',
  '年龄段',
  '地区',
  '职业',
  '服务顾问',
  '标签',
  '车辆数',
  '车牌',
  '来源',
  '已绑定微信',
  '潜在客户',
  '同意营销',
  '更新时间'
];

/** Quotes when needed; a leading = + - @ would make Excel run the cell as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
const csvLine = (cells: string[]) => `${cells.map(csvCell).join(',')}\r\n`;
const yesNo = (b: boolean) => (b ? '是' : '否');

function birthdayText(c: CustomerRecord): string {
  const b = c.birthday;
  if (!b) return '';
  if (b.calendar === 'lunar') {
    // An archive may hold a lunar birthday without its month or day: no "null" in the file.
    if (!b.lunarMonth || !b.lunarDay) return '农历';
    return `农历${b.lunarLeapMonth ? '闰' : ''}${b.lunarMonth}月${b.lunarDay}日`;
  }
  return b.date ?? '';
}

/** One batch of rows: advisor names and plates come from two queries per batch, not per row. */
async function renderBatch(batch: CustomerRecord[]): Promise<string> {
  const ids = batch.map((c) => c._id);
  const [names, vehicles] = await Promise.all([
    staffNames(batch.map((c) => c.advisorId)),
    Vehicle.find({ customerId: mongoose.trusted({ $in: ids }) }, { customerId: 1, plate: 1, vin: 1 }).lean()
  ]);
  const plates = new Map<string, string[]>();
  for (const v of vehicles) {
    const list = plates.get(String(v.customerId)) ?? [];
    list.push(v.plate ?? v.vin ?? '');
    plates.set(String(v.customerId), list);
  }
  return batch
    .map((c) => {
      const own = plates.get(String(c._id)) ?? [];
      return csvLine([
        c.name,
        c.mobile ?? '',
        c.gender ? GENDER_LABELS[c.gender] : '',
        birthdayText(c),
        ageGroupOf(c.birthday?.date) ?? '',
        c.regionClass ? REGION_CLASS_LABELS[c.regionClass] : '',
        c.occupationClass ? OCCUPATION_CLASS_LABELS[c.occupationClass] : '',
        refOf(c.advisorId, names)?.name ?? '',
        (c.tags ?? []).join('/'),
        String(own.length),
        own.join('/'),
        CUSTOMER_SOURCE_LABELS[c.source],
        yesNo(!!c.ownerId),
        yesNo(c.isProspect ?? false),
        yesNo(c.consent?.marketing ?? false),
        c.updatedAt.toISOString()
      ]);
    })
    .join('');
}

/**
 * Streams the filtered list as CSV from a cursor (never the whole list in memory) and
 * writes ONE access-log entry with the filter and the number of rows sent. The entry is
 * written before the stream ends, and also when the client goes away half-way.
 */
export async function exportCustomers(
  auth: StaffAuth,
  query: CustomerFilterQuery,
  requestId: string
): Promise<Readable> {
  const filter = await buildCustomerFilter(auth, query);
  const dealershipId = auth.dealershipId ?? query.dealershipId ?? null;

  async function* lines(): AsyncGenerator<string> {
    let rows = 0;
    let complete = false;
    try {
      yield BOM + csvLine(HEADER);
      const cursor = Customer.find(filter)
        .sort({ updatedAt: -1, _id: -1 })
        .lean()
        .cursor({ batchSize: BATCH });
      let batch: CustomerRecord[] = [];
      for await (const c of cursor) {
        batch.push(c as CustomerRecord);
        if (batch.length < BATCH) continue;
        const chunk = await renderBatch(batch);
        rows += batch.length;
        batch = [];
        yield chunk;
      }
      if (batch.length > 0) {
        const chunk = await renderBatch(batch);
        rows += batch.length;
        yield chunk;
      }
      complete = true;
    } finally {
      await recordAccess({
        auth,
        action: 'export',
        dealershipId: dealershipId ? new Types.ObjectId(dealershipId) : null,
        detail: JSON.stringify({ filter: query, rows, complete }),
        requestId
      });
    }
  }
  return Readable.from(lines(), { objectMode: false });
}
