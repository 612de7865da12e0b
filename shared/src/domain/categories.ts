import { cleanText } from './text';

/**
 * Free-text DMS labels → the product's fixed categories. Each parser returns null for
 * text it does not recognise, so the caller decides whether that is a warning.
 * Rules are checked in order; the first whose keyword occurs in the text wins, which is
 * why negations and more specific words come first (非营运 before 营运, 首保 before 保养).
 */
type Rule<T> = readonly [T, readonly string[]];

function classify<T>(raw: string, rules: readonly Rule<T>[], exact: readonly Rule<T>[] = []): T | null {
  const text = cleanText(raw).toLowerCase();
  if (text === '') return null;
  for (const [value, words] of exact) if (words.includes(text)) return value;
  for (const [value, words] of rules) if (words.some((w) => text.includes(w))) return value;
  return null;
}

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];

/** 1/2 are the GB/T 2261.1 codes some DMS export instead of text. */
export function parseGender(raw: string): Gender | null {
  return classify(
    raw,
    [],
    [
      ['male', ['男', '男性', '先生', 'm', 'male', '1']],
      ['female', ['女', '女性', '女士', '小姐', 'f', 'female', '2']]
    ]
  );
}

export const VEHICLE_USAGES = ['private', 'official', 'commercial'] as const;
export type VehicleUsage = (typeof VEHICLE_USAGES)[number];

export function parseVehicleUsage(raw: string): VehicleUsage | null {
  return classify(raw, [
    ['private', ['非营运', '私家', '家用', '私人', '个人', 'private']],
    ['commercial', ['营运', '出租', '网约', '租赁', '客运', '货运', 'commercial', 'taxi']],
    ['official', ['公务', '单位', '公司', '企业', '机关', 'official']]
  ]);
}

export const SERVICE_TYPES = [
  'first_maintenance',
  'regular_maintenance',
  'general_repair',
  'accident',
  'warranty',
  'other'
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export function parseServiceType(raw: string): ServiceType | null {
  return classify(raw, [
    ['first_maintenance', ['首保', '首次保养', '首次维护', 'first maintenance', 'first service']],
    // 索赔 is a warranty claim to the maker; 理赔 (below) is an insurance claim.
    ['warranty', ['索赔', '保修', '三包', '质保', 'warranty']],
    [
      'accident',
      ['事故', '保险', '理赔', '钣喷', '钣金', '板喷', '喷漆', 'accident', 'collision', 'bodywork']
    ],
    ['regular_maintenance', ['定保', '保养', '维护', 'maintenance']],
    ['general_repair', ['一般维修', '机修', '电工', '快修', '维修', '修理', 'repair']],
    ['other', ['其他', '其它', '内部', '返修', 'pdi', '精品', '装潢', '美容', 'other']]
  ]);
}

export const SERVICE_TYPE_LABELS: Readonly<Record<ServiceType, string>> = {
  first_maintenance: '首保',
  regular_maintenance: '定保',
  general_repair: '一般维修',
  accident: '事故车',
  warranty: '保修',
  other: '其他'
};

/** Who paid for a repair order (付费类型 / 结算类型): only `customer` is paid service (有偿). */
export const SERVICE_PAYERS = ['customer', 'insurance', 'warranty', 'internal'] as const;
export type ServicePayer = (typeof SERVICE_PAYERS)[number];

export function parseServicePayer(raw: string): ServicePayer | null {
  return classify(raw, [
    ['internal', ['内部', '内结', '公司内', 'internal']],
    // 索赔 is a claim to the maker (warranty); 理赔 is the insurer's.
    ['warranty', ['索赔', '保修', '三包', '质保', '厂家', '厂方', '主机厂', 'warranty', 'oem']],
    ['insurance', ['保险', '理赔', '保司', 'insurance', 'insurer']],
    ['customer', ['客户', '自费', '自付', '车主', '个人', 'customer', 'self']]
  ]);
}

export const SERVICE_PAYER_LABELS: Readonly<Record<ServicePayer, string>> = {
  customer: '客户付费',
  insurance: '保险',
  warranty: '厂家索赔',
  internal: '内部结算'
};

/** 是/否 style flags ('有偿'/'无偿' are the DMS words for paid/free service). */
export function parseYesNo(raw: string): boolean | null {
  return classify(
    raw,
    [],
    [
      [true, ['是', '有偿', '付费', '收费', '已付', 'y', 'yes', 'true', '1', '√']],
      [false, ['否', '无偿', '免费', '不收费', '未付', 'n', 'no', 'false', '0', '×']]
    ]
  );
}

export const REGION_CLASSES = ['city', 'county', 'town'] as const;
export type RegionClass = (typeof REGION_CLASSES)[number];

export function parseRegionClass(raw: string): RegionClass | null {
  return classify(raw, [
    ['city', ['市区', '城区', '城市', 'city']],
    ['county', ['县城', '县', 'county']],
    ['town', ['乡镇', '乡', '镇', '农村', '村', 'town', 'village']]
  ]);
}

export const OCCUPATION_CLASSES = ['civil_servant', 'employee', 'worker', 'farmer', 'other'] as const;
export type OccupationClass = (typeof OCCUPATION_CLASSES)[number];

/** Unrecognised occupations fall into 'other' since the archive's list is closed. */
export function parseOccupationClass(raw: string): OccupationClass | null {
  if (cleanText(raw) === '') return null;
  return (
    classify<OccupationClass>(raw, [
      ['civil_servant', ['公务员', '机关', '政府', 'civil servant']],
      ['employee', ['企事业', '企业', '事业单位', '职员', '白领', '教师', '医生', 'employee']],
      ['worker', ['务工', '工人', '打工', 'worker']],
      ['farmer', ['农民', '务农', 'farmer']]
    ]) ?? 'other'
  );
}
