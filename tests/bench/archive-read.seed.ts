/**
 * Data of the archive-read benchmark: one dealership with BENCH_ARCHIVE_CUSTOMERS customers
 * (default 10,000) spread over BENCH_ARCHIVE_ADVISORS advisors (default 20), one or two
 * vehicles each, BENCH_ARCHIVE_YEARS years (default 5) of repair orders (two to four visits
 * a year per vehicle) and a contact log (three to twelve entries per customer). Documents are
 * built with the models' defaults and inserted with the driver in batches.
 */
import { Types } from 'mongoose';
import type { Collection } from 'mongodb';
import { CONTACT_CHANNELS, SERVICE_TYPES } from '@dealer/shared';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { Vehicle } from '../../server/src/modules/vehicles/vehicle.model';
import { ServiceRecord } from '../../server/src/modules/vehicles/service-record.model';
import { Contact } from '../../server/src/modules/contacts/contact.model';
import { makeDealership, makeStaff, type StaffLogin } from '../support/factories';
import { envInt, seededRandom } from './common';

export interface ArchiveData {
  /** Customer id → bearer token of its advisor (who may read the archive). */
  customers: { id: string; token: string }[];
  counts: { customers: number; vehicles: number; serviceRecords: number; contacts: number };
}

const SERIES = ['帕萨特', '迈腾', '途观L', '朗逸', '速腾', '宝来', '探岳', 'ID.4'];
const ITEMS = ['更换机油', '更换机滤', '四轮定位', '更换刹车片', '空调滤芯', '轮胎换位'];
const OUTCOMES = ['已接通，预约保养', '未接通', '客户表示满意', '已发送提醒', '客户暂不需要'];
const BATCH = 2000;
const DAY_MS = 86_400_000;

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Buffers documents and inserts them with the driver BATCH at a time. */
class BatchInserter {
  private docs: Record<string, unknown>[] = [];
  count = 0;

  constructor(
    private readonly model: {
      applyDefaults: (doc: Record<string, unknown>) => unknown;
      collection: Collection;
    }
  ) {}

  async add(doc: Record<string, unknown>): Promise<void> {
    this.docs.push(this.model.applyDefaults(doc) as Record<string, unknown>);
    if (this.docs.length >= BATCH) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.docs.length === 0) return;
    const docs = this.docs;
    this.docs = [];
    await this.model.collection.insertMany(docs, { ordered: false });
    this.count += docs.length;
  }
}

export async function seedArchives(log: (line: string) => void): Promise<ArchiveData> {
  const customerCount = envInt('BENCH_ARCHIVE_CUSTOMERS', 10_000);
  const advisorCount = envInt('BENCH_ARCHIVE_ADVISORS', 20);
  const years = envInt('BENCH_ARCHIVE_YEARS', 5);
  const random = seededRandom(7);
  const dealership = await makeDealership('档案基准门店');
  const advisors: StaffLogin[] = [];
  for (let i = 0; i < advisorCount; i++)
    advisors.push(await makeStaff('advisor', dealership._id, `顾问${i + 1}`));

  const now = new Date();
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const start = end - years * 365 * DAY_MS;
  const customers = new BatchInserter(Customer);
  const vehicles = new BatchInserter(Vehicle);
  const records = new BatchInserter(ServiceRecord);
  const contacts = new BatchInserter(Contact);
  const ids: ArchiveData['customers'] = [];
  let ro = 0;
  for (let i = 0; i < customerCount; i++) {
    const advisor = advisors[i % advisorCount];
    const second = i % 10 === 0 ? advisors[(i + 1) % advisorCount] : null;
    const customerId = new Types.ObjectId();
    const mobile = `139${String(10_000_000 + i).padStart(8, '0')}`;
    const birth = isoDay(Date.UTC(1960, 0, 1) + Math.floor(random() * 40 * 365) * DAY_MS);
    await customers.add({
      _id: customerId,
      dealershipId: dealership._id,
      name: `客户${i}`,
      mobile,
      mobileKey: mobile,
      gender: random() < 0.6 ? 'male' : 'female',
      birthday: { calendar: 'solar', date: birth },
      birthdayKey: `S:${birth.slice(5)}`,
      source: 'dms_import',
      tags: i % 7 === 0 ? ['老客户'] : [],
      advisorId: new Types.ObjectId(advisor.id),
      secondContactId: second ? new Types.ObjectId(second.id) : null,
      tier: 'ABCD'[i % 4],
      consent: { marketing: i % 2 === 0, updatedAt: now },
      createdAt: new Date(start),
      updatedAt: now
    });
    ids.push({ id: String(customerId), token: (second && random() < 0.5 ? second : advisor).token });

    const vehicleCount = i % 4 === 0 ? 2 : 1;
    for (let v = 0; v < vehicleCount; v++) {
      const vehicleId = new Types.ObjectId();
      const delivery = isoDay(start - Math.floor(random() * 3 * 365) * DAY_MS);
      const vin = `LBENCHA${String(i * 2 + v).padStart(10, '0')}`;
      await vehicles.add({
        _id: vehicleId,
        dealershipId: dealership._id,
        customerId,
        plate: `粤B${String(i * 2 + v).padStart(5, '0')}`,
        vin,
        identityKey: `VIN:${vin}`,
        brand: '大众',
        series: SERIES[Math.floor(random() * SERIES.length)],
        model: '2022款',
        deliveryDate: delivery,
        anniversaryKey: delivery.slice(5),
        usage: 'private',
        mileageKm: 10_000 + Math.floor(random() * 90_000),
        mileageDate: isoDay(end),
        createdAt: new Date(start),
        updatedAt: now
      });
      const visits = Math.round(years * (2 + random() * 2));
      for (let k = 0; k < visits; k++) {
        const amountFen = 20_000 + Math.floor(random() * 300_000);
        await records.add({
          dealershipId: dealership._id,
          vehicleId,
          customerId,
          roNumber: `RO${String(ro++).padStart(9, '0')}`,
          serviceDate: isoDay(start + Math.floor(random() * years * 365) * DAY_MS),
          type: SERVICE_TYPES[Math.floor(random() * SERVICE_TYPES.length)],
          amountFen,
          paid: random() < 0.85,
          profitFen: Math.floor(amountFen * 0.3),
          mileageKm: Math.floor(random() * 100_000),
          advisorName: advisor.name,
          items: [ITEMS[k % ITEMS.length], ITEMS[(k + 3) % ITEMS.length]],
          createdAt: now,
          updatedAt: now
        });
      }
    }
    const contactCount = 3 + Math.floor(random() * 10);
    for (let k = 0; k < contactCount; k++) {
      await contacts.add({
        dealershipId: dealership._id,
        customerId,
        staffId: new Types.ObjectId(advisor.id),
        staffName: advisor.name,
        channel: CONTACT_CHANNELS[k % CONTACT_CHANNELS.length],
        purpose: 'callback',
        outcome: OUTCOMES[k % OUTCOMES.length],
        note: '三日回访',
        at: new Date(start + Math.floor(random() * years * 365) * DAY_MS)
      });
    }
    if ((i + 1) % 2000 === 0) log(`seeded ${i + 1}/${customerCount} customers`);
  }
  for (const inserter of [customers, vehicles, records, contacts]) await inserter.flush();
  return {
    customers: ids,
    counts: {
      customers: customers.count,
      vehicles: vehicles.count,
      serviceRecords: records.count,
      contacts: contacts.count
    }
  };
}
