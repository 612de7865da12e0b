import { computeVinCheckDigit } from '@dealer/shared/domain';
import { lunarToSolar } from '@dealer/shared/domain/calendar/lunar';
import type { ServiceType } from '@dealer/shared';
import { addDays, seededRandom, type Random } from './random';

/**
 * A realistic demo dealership, generated deterministically: customers of several car
 * series, their vehicles and about two years of repair orders (plus older history).
 */
const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
  '罗',
  '梁'
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '华',
  '建国',
  '志强',
  '晓东',
  '海燕',
  '丽萍',
  '俊杰'
];
const SERIES = [
  { series: '帕萨特', model: '2023款 330TSI 豪华版', wmi: 'LSV', avgFen: 98000 },
  { series: '途观L', model: '2022款 380TSI 四驱', wmi: 'LSV', avgFen: 112000 },
  { series: '迈腾', model: '2023款 330TSI 领先型', wmi: 'LFV', avgFen: 91000 },
  { series: '速腾', model: '2021款 280TSI 舒适型', wmi: 'LFV', avgFen: 62000 },
  { series: '朗逸', model: '2022款 1.5L 自动', wmi: 'LSV', avgFen: 48000 },
  { series: 'ID.4 X', model: '2023款 纯电 长续航', wmi: 'LSV', avgFen: 36000 }
] as const;
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

export interface DemoCustomer {
  name: string;
  mobile: string;
  gender: 'male' | 'female';
  birthday: {
    calendar: 'solar' | 'lunar';
    date: string | null;
    lunarMonth: number | null;
    lunarDay: number | null;
    lunarLeapMonth: boolean;
  };
  regionClass: 'city' | 'county' | 'town';
  occupationClass: 'civil_servant' | 'employee' | 'worker' | 'farmer' | 'other';
  advisorIndex: number;
  tags: string[];
  consentMarketing: boolean;
  vehicles: DemoVehicle[];
}

export interface DemoVehicle {
  plate: string;
  vin: string;
  brand: string;
  series: string;
  model: string;
  deliveryDate: string;
  usage: 'private' | 'official' | 'commercial';
  mileageKm: number;
  mileageDate: string;
  orders: DemoOrder[];
}

export interface DemoOrder {
  roNumber: string;
  serviceDate: string;
  type: ServiceType;
  amountFen: number;
  paid: boolean;
  mileageKm: number;
  advisorIndex: number;
}

function makeVin(rnd: Random, wmi: string): string {
  const body = Array.from({ length: 14 }, () => rnd.pick(VIN_CHARS.split(''))).join('');
  const draft = `${wmi}${body.slice(0, 5)}0${body.slice(5)}`;
  const check = computeVinCheckDigit(draft) ?? '0';
  return `${draft.slice(0, 8)}${check}${draft.slice(9)}`;
}

function makeOrders(
  rnd: Random,
  v: Omit<DemoVehicle, 'orders'>,
  today: string,
  kmPerDay: number,
  avgFen: number,
  advisorIndex: number,
  seq: () => string
): DemoOrder[] {
  const orders: DemoOrder[] = [];
  let date = addDays(v.deliveryDate, rnd.int(80, 110));
  let first = true;
  while (date <= today) {
    const days = (Date.parse(date) - Date.parse(v.deliveryDate)) / 86_400_000;
    const mileageKm = Math.round(days * kmPerDay);
    const type: ServiceType = first
      ? 'first_maintenance'
      : rnd.chance(0.15)
        ? 'general_repair'
        : rnd.chance(0.05)
          ? 'accident'
          : 'regular_maintenance';
    const amountFen =
      type === 'first_maintenance'
        ? 0
        : Math.round((avgFen * (type === 'accident' ? 4 : 0.6 + rnd.next())) / 100) * 100;
    orders.push({
      roNumber: seq(),
      serviceDate: date,
      type,
      amountFen,
      paid: amountFen > 0,
      mileageKm,
      advisorIndex
    });
    first = false;
    // Some owners stop coming (at-risk and lost customers exist in any real archive).
    if (rnd.chance(0.06)) break;
    date = addDays(date, rnd.int(150, 240));
  }
  return orders;
}

export function generateDemoData(options: {
  customers: number;
  advisors: number;
  today: string;
  seed?: number;
}): DemoCustomer[] {
  const rnd = seededRandom(options.seed ?? 20261122);
  let ro = 0;
  const seq = () => `RO${String(++ro).padStart(7, '0')}`;
  const customers: DemoCustomer[] = [];
  for (let i = 0; i < options.customers; i++) {
    const gender = rnd.chance(0.62) ? 'male' : 'female';
    const birthYear = rnd.int(1962, 2002);
    const lunar = rnd.chance(0.3);
    const month = rnd.int(1, 12);
    const day = rnd.int(1, 28);
    const advisorIndex = i % options.advisors;
    const vehicles: DemoVehicle[] = [];
    const count = rnd.chance(0.15) ? 2 : 1;
    for (let k = 0; k < count; k++) {
      const s = rnd.pick(SERIES);
      const deliveryDate = addDays(options.today, -rnd.int(60, 6 * 365));
      const kmPerDay = rnd.int(20, 80);
      const usage = rnd.chance(0.85) ? 'private' : rnd.chance(0.5) ? 'official' : 'commercial';
      const base = {
        plate: `粤${rnd.pick(['A', 'B', 'E'])}${rnd.chance(0.2) ? 'D' : ''}${String(rnd.int(10000, 99999))}`,
        vin: makeVin(rnd, s.wmi),
        brand: '大众',
        series: s.series,
        model: s.model,
        deliveryDate,
        usage: usage as DemoVehicle['usage'],
        mileageKm: 0,
        mileageDate: deliveryDate
      };
      const orders = makeOrders(rnd, base, options.today, kmPerDay, s.avgFen, advisorIndex, seq);
      const last = orders[orders.length - 1];
      vehicles.push({
        ...base,
        mileageKm: last?.mileageKm ?? 0,
        mileageDate: last?.serviceDate ?? deliveryDate,
        orders
      });
    }
    customers.push({
      name: `${rnd.pick(SURNAMES)}${rnd.pick(GIVEN)}`,
      mobile: `1${rnd.pick(['38', '39', '58', '86', '37', '51'])}${String(rnd.int(0, 99_999_999)).padStart(8, '0')}`,
      gender,
      birthday: lunar
        ? // Lunar birthdays keep the lunar month and day, and the solar date of birth they fell on.
          {
            calendar: 'lunar',
            date: lunarToSolar(birthYear, month, day, false),
            lunarMonth: month,
            lunarDay: day,
            lunarLeapMonth: false
          }
        : {
            calendar: 'solar',
            date: `${birthYear}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
            lunarMonth: null,
            lunarDay: null,
            lunarLeapMonth: false
          },
      regionClass: rnd.pick(['city', 'city', 'county', 'town'] as const),
      occupationClass: rnd.pick([
        'civil_servant',
        'employee',
        'employee',
        'worker',
        'farmer',
        'other'
      ] as const),
      advisorIndex,
      tags: rnd.chance(0.2) ? [rnd.pick(['老客户', '车队', '转介绍', '新能源车主', '高端客户'])] : [],
      consentMarketing: rnd.chance(0.7),
      vehicles
    });
  }
  return customers;
}
