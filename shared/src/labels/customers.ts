import type { GENDERS, OCCUPATION_CLASSES, REGION_CLASSES } from '../domain/categories';

/** Customer archive fields and their Chinese labels (lists, the archive page, CSV export); zod-free, see labels/classes.ts. */

export const CONTACT_CHANNELS = ['phone', 'visit', 'wechat', 'sms'] as const;
export const CUSTOMER_SOURCES = ['dms_import', 'manual', 'wechat_binding', 'lottery_event'] as const;

export const GENDER_LABELS: Record<(typeof GENDERS)[number], string> = { male: '男', female: '女' };
export const REGION_CLASS_LABELS: Record<(typeof REGION_CLASSES)[number], string> = {
  city: '市区',
  county: '县城',
  town: '乡镇'
};
export const OCCUPATION_CLASS_LABELS: Record<(typeof OCCUPATION_CLASSES)[number], string> = {
  civil_servant: '公务员',
  employee: '企事业单位',
  worker: '务工人员',
  farmer: '农民',
  other: '其他'
};
export const CUSTOMER_SOURCE_LABELS: Record<(typeof CUSTOMER_SOURCES)[number], string> = {
  dms_import: 'DMS导入',
  manual: '手工录入',
  wechat_binding: '微信绑定',
  lottery_event: '抽奖活动'
};
export const CONTACT_CHANNEL_LABELS: Record<(typeof CONTACT_CHANNELS)[number], string> = {
  phone: '电话',
  visit: '到店',
  wechat: '微信',
  sms: '短信'
};
