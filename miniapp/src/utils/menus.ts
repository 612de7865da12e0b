import type { Capability } from '@dealer/shared/auth/capabilities'
import { ROUTES } from './routes'

/** One navigation entry, shown only to roles holding its capability (shared/src/auth/capabilities.ts). */
export interface MenuEntry {
  /** Browser-test hook, e.g. `e2e-manager-imports`. */
  hook: string
  title: string
  note?: string
  url: string
  capability: Capability
}

/** The shortcuts above the staff customer list. */
export const STAFF_SHORTCUTS: readonly MenuEntry[] = [
  { hook: 'e2e-customers-bookings', title: '预约到店', url: ROUTES.staffBookings, capability: 'bookings.work' },
  { hook: 'e2e-customers-reminders', title: '到期提醒', url: ROUTES.staffReminders, capability: 'reminders.work' },
  { hook: 'e2e-customers-tasks', title: '关怀任务', url: ROUTES.staffTasks, capability: 'tasks.work' },
  { hook: 'e2e-customers-callbacks', title: '客户回访', url: ROUTES.staffCallbacks, capability: 'aftercare.callbacks' },
  { hook: 'e2e-customers-complaints', title: '投诉处理', url: ROUTES.managerComplaints, capability: 'aftercare.complaints' },
  { hook: 'e2e-customers-segments', title: '客户分群', url: ROUTES.staffSegments, capability: 'segments.use' },
  { hook: 'e2e-customers-kpis', title: '指标看板', url: ROUTES.insightKpis, capability: 'kpis.read' },
  { hook: 'e2e-customers-reminder-results', title: '提醒效果', url: ROUTES.insightReminders, capability: 'reminders.results' },
  { hook: 'e2e-customers-care', title: '关怀规则', url: ROUTES.careRules, capability: 'care.read' },
  { hook: 'e2e-customers-voucher-verify', title: '券码核销', url: ROUTES.staffVoucherVerify, capability: 'points.verify' },
  { hook: 'e2e-customers-lottery', title: '抽奖活动', url: ROUTES.lotteryCampaigns, capability: 'lottery.campaigns' },
  { hook: 'e2e-customers-lottery-pickup', title: '奖品领取', url: ROUTES.lotteryPickup, capability: 'points.verify' }
]

/** The management console's home page. */
export const CONSOLE_ENTRIES: readonly MenuEntry[] = [
  { hook: 'e2e-manager-imports', title: 'DMS 数据导入', note: '导入客户车辆与维修工单，先预览再导入', url: ROUTES.managerImports, capability: 'imports.run' },
  { hook: 'e2e-manager-accounts', title: '员工账号', note: '新建、停用账号，强制下线', url: ROUTES.managerAccounts, capability: 'staff.manage' },
  { hook: 'e2e-manager-qrcodes', title: '绑定二维码', note: '门店码与服务顾问专属码', url: ROUTES.managerQrcodes, capability: 'console.open' },
  { hook: 'e2e-manager-access-log', title: '档案访问日志', note: '谁查看或导出了哪些客户档案', url: ROUTES.managerAccessLog, capability: 'access-log.read' },
  { hook: 'e2e-manager-reassign', title: '批量转移客户', note: '顾问离职或调岗时转移名下客户', url: ROUTES.managerReassign, capability: 'customers.reassign' },
  {
    hook: 'e2e-manager-tiers',
    title: '客户分级设置',
    note: 'A/B/C/D 分级方法、权重、比例或分数线，立即重新计算',
    url: ROUTES.managerTiers,
    capability: 'tiers.manage'
  },
  {
    hook: 'e2e-manager-due-settings',
    title: '保养到期规则',
    note: '首保、定保间隔（可按车系）、提前提醒天数、日均里程、对照组比例',
    url: ROUTES.managerDueSettings,
    capability: 'due.settings.edit'
  },
  {
    hook: 'e2e-manager-kpis',
    title: '经营指标看板',
    note: '绑定率、回厂率、保有率、流失率与等级分布趋势，导出 CSV',
    url: ROUTES.insightKpis,
    capability: 'kpis.read'
  },
  {
    hook: 'e2e-manager-reminders',
    title: '保养提醒效果',
    note: '到期→提醒→预约→到店→回厂漏斗，与对照组比较的回厂率提升',
    url: ROUTES.insightReminders,
    capability: 'reminders.results'
  },
  { hook: 'e2e-manager-care', title: '客户关怀', note: '生日、节日、购车周年等关怀规则，预览与发送记录', url: ROUTES.careRules, capability: 'care.read' },
  { hook: 'e2e-manager-segments', title: '客户分群', note: '保存的筛选条件，可作为关怀受众', url: ROUTES.staffSegments, capability: 'segments.use' },
  { hook: 'e2e-manager-tasks', title: '关怀任务', note: '顾问回访、节日拜访、流失挽回任务', url: ROUTES.staffTasks, capability: 'tasks.work' },
  {
    hook: 'e2e-manager-callbacks',
    title: '客户回访',
    note: '新车交付7日、维修保养3日回访，登记问题即开投诉',
    url: ROUTES.staffCallbacks,
    capability: 'aftercare.callbacks'
  },
  {
    hook: 'e2e-manager-complaints',
    title: '投诉处理',
    note: '按状态查看投诉，受理、处理、回复车主，超时标红',
    url: ROUTES.managerComplaints,
    capability: 'aftercare.complaints'
  },
  { hook: 'e2e-manager-bookings', title: '预约到店', note: '当天预约、签到到店、未到店与改约', url: ROUTES.staffBookings, capability: 'bookings.work' },
  {
    hook: 'e2e-manager-booking-settings',
    title: '预约设置',
    note: '营业时段、各项目工位数、休息日、提前预约与取消时限、预约上限',
    url: ROUTES.managerBookingSettings,
    capability: 'bookings.settings.edit'
  },
  {
    hook: 'e2e-manager-reminder-workbench',
    title: '到期提醒工作台',
    note: '保养、保险、年检等到期客户，推送提醒与通话记录',
    url: ROUTES.staffReminders,
    capability: 'reminders.work'
  },
  {
    hook: 'e2e-manager-points',
    title: '积分与商城',
    note: '积分规则与有效期、奖品目录、调整审批、积分负债与对账',
    url: ROUTES.managerPoints,
    capability: 'points.manage'
  },
  { hook: 'e2e-manager-voucher-verify', title: '券码核销', note: '扫码或输入券码，确认一次使用', url: ROUTES.staffVoucherVerify, capability: 'points.verify' },
  {
    hook: 'e2e-manager-lottery',
    title: '抽奖活动',
    note: '创建与审批抽奖活动，公示规则，实时数据与新客转化',
    url: ROUTES.lotteryCampaigns,
    capability: 'lottery.campaigns'
  },
  {
    hook: 'e2e-manager-lottery-pickup',
    title: '抽奖奖品领取',
    note: '输入中奖人的领奖码，确认发放实物奖品',
    url: ROUTES.lotteryPickup,
    capability: 'points.verify'
  },
  {
    hook: 'e2e-manager-pay-orders',
    title: '微信支付订单',
    note: '商城现金订单的支付状态，车主退款申请，未使用商品全额退款',
    url: ROUTES.managerPayOrders,
    capability: 'pay.orders'
  },
  {
    hook: 'e2e-manager-pay-reconciliation',
    title: '支付对账',
    note: '未收到通知的已付订单、未知订单的通知、金额不符',
    url: ROUTES.managerPayReconciliation,
    capability: 'pay.orders'
  },
  {
    hook: 'e2e-manager-pay-settings',
    title: '微信支付商户设置',
    note: '商户号、证书序列号或公钥 ID，密钥文件或环境变量的位置',
    url: ROUTES.managerPaySettings,
    capability: 'pay.settings'
  }
]
