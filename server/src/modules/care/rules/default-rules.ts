import type { CreateCareRule } from '@dealer/shared';

/**
 * The rules a new dealership starts with (docs/domain.md "Care plans and reminders"):
 * - both plans: birthday greetings, festival greetings, purchase anniversaries;
 * - key plan (A, B): a quarterly call and holiday visits (advisor tasks);
 * - at-risk customers: a win-back call (advisor task);
 * - tier upgrade: off by default; when turned on, it greets the customers whose tier went up
 *   that day (tier history, tiers/tier-upgrades.ts).
 * Greetings reach every tier, so the routine plan (C, D) is covered by the same rules.
 */
type DefaultRule = CreateCareRule & { seedKey: string };

const everyone = { tiers: [], includeUntiered: true, segmentId: null, consentRequired: true };
const keyCustomers = {
  tiers: ['A', 'B'] as ('A' | 'B')[],
  includeUntiered: false,
  segmentId: null,
  consentRequired: false
};
const window = { start: '09:00', end: '21:00' };

const greeting = (
  seedKey: string,
  name: string,
  occasion: string,
  templateId: string,
  data: Record<string, string>,
  title: string,
  body: string
): DefaultRule => ({
  seedKey,
  name,
  plan: 'all',
  occasion,
  audience: everyone,
  channel: { kind: 'subscribe', templateId, page: null, data },
  message: { title, body },
  leadDays: 0,
  sendWindow: window,
  everyMonths: 3,
  enabled: true
});

const festival = (key: string, name: string): DefaultRule =>
  greeting(
    `default:festival:${key}`,
    `${name}问候`,
    `festival:${key}`,
    'TPL_FESTIVAL',
    { thing1: '{festival}快乐', date2: '{date}', thing3: '{dealership}恭祝您和家人{festival}快乐' },
    '{festival}快乐',
    '{name}您好，{dealership}全体员工恭祝您和家人{festival}快乐，万事如意！'
  );

const task = (
  seedKey: string,
  name: string,
  occasion: string,
  kind: 'quarterly_call' | 'holiday_visit' | 'winback_call',
  leadDays: number,
  title: string,
  body: string,
  audience = keyCustomers
): DefaultRule => ({
  seedKey,
  name,
  plan: audience === keyCustomers ? 'key' : 'all',
  occasion,
  audience,
  channel: { kind: 'advisor_task', task: kind },
  message: { title, body },
  leadDays,
  sendWindow: window,
  everyMonths: 3,
  enabled: true
});

export const DEFAULT_RULES: readonly DefaultRule[] = [
  greeting(
    'default:birthday',
    '生日祝福',
    'birthday',
    'TPL_BIRTHDAY',
    { thing1: '{name}，生日快乐', date2: '{date}', thing3: '{dealership}祝您生日快乐，一路平安' },
    '生日快乐',
    '{name}您好，今天是您的生日，{dealership}全体员工祝您生日快乐，一路平安！'
  ),
  festival('spring_festival', '春节'),
  festival('lantern_festival', '元宵节'),
  festival('labour_day', '劳动节'),
  festival('dragon_boat', '端午节'),
  festival('mid_autumn', '中秋节'),
  festival('national_day', '国庆节'),
  greeting(
    'default:purchase_anniversary',
    '购车周年',
    'purchase_anniversary',
    'TPL_CARE',
    { thing1: '购车{years}周年纪念', date2: '{date}', thing3: '感谢{years}年来对{dealership}的信任' },
    '购车{years}周年快乐',
    '{name}您好，今天是您在{dealership}购车{years}周年，感谢您的信任与陪伴！'
  ),
  task(
    'default:quarterly_call',
    '重点客户季度回访',
    'tier_touchpoint',
    'quarterly_call',
    0,
    '季度回访：{name}',
    '重点客户（{dealership}）本季度回访，了解用车情况并记录。'
  ),
  task(
    'default:visit:spring_festival',
    '春节拜访',
    'festival:spring_festival',
    'holiday_visit',
    7,
    '春节拜访：{name}',
    '{festival}前拜访或致电重点客户，送上节日祝福。'
  ),
  task(
    'default:visit:mid_autumn',
    '中秋拜访',
    'festival:mid_autumn',
    'holiday_visit',
    7,
    '中秋拜访：{name}',
    '{festival}前拜访或致电重点客户，送上节日祝福。'
  ),
  task(
    'default:winback',
    '流失预警挽回',
    'at_risk_winback',
    'winback_call',
    0,
    '流失挽回：{name}',
    '客户超过6个月未回厂，请致电了解原因并邀请免费检测。',
    {
      tiers: [],
      includeUntiered: true,
      segmentId: null,
      consentRequired: false
    }
  ),
  {
    ...greeting(
      'default:tier_upgrade',
      '等级提升祝贺',
      'tier_upgrade',
      'TPL_CARE',
      { thing1: '会员等级提升', date2: '{date}', thing3: '感谢您对{dealership}的支持' },
      '会员等级提升',
      '{name}您好，感谢您的支持，您已成为{dealership}的重点客户。'
    ),
    enabled: false
  }
];
