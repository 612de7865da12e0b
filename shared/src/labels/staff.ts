/** Staff roles and their Chinese labels; zod-free, see labels/classes.ts. */

export const STAFF_ROLES = ['group_admin', 'manager', 'advisor', 'marketing'] as const;

export const STAFF_ROLE_LABELS: Record<(typeof STAFF_ROLES)[number], string> = {
  group_admin: '集团管理员',
  manager: '店总/经理',
  advisor: '服务顾问',
  marketing: '市场专员'
};
