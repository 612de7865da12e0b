/** Problems found in one row. Codes are stable for the server and UI to translate. */
export const ROW_ISSUE_REASONS = {
  required: '必填项为空',
  no_identifier: '手机号、车牌号、VIN 至少填写一项有效值',
  no_vehicle_identifier: '车牌号或 VIN 至少填写一项有效值',
  invalid_mobile: '手机号格式不正确，已忽略',
  invalid_plate: '车牌号格式不正确',
  invalid_vin: 'VIN 格式不正确（应为17位，不含 I、O、Q）',
  vin_check_digit: 'VIN 校验位不符，请核对',
  invalid_date: '日期无法识别或不存在',
  future_date: '日期晚于今天，已忽略',
  date_out_before_service: '出厂日期早于进厂日期',
  invalid_gender: '性别无法识别，已忽略',
  invalid_usage: '使用性质无法识别，已忽略',
  invalid_region_class: '区域类别无法识别，已忽略',
  invalid_mileage: '里程无法识别，已忽略',
  invalid_amount: '金额无法识别',
  negative_amount: '金额为负数（冲红单不导入）',
  missing_amount: '金额为空，按 0 处理',
  invalid_profit: '毛利无法识别，已忽略',
  unknown_service_type: '维修类型无法识别，按“其他”处理',
  invalid_paid_flag: '是否付费无法识别，按默认规则处理',
  invalid_payer: '付费类型无法识别（应为客户付费、保险、厂家索赔或内部结算），按默认规则处理',
  vehicle_without_identifier: '没有有效车牌号或 VIN，车辆信息未导入'
} as const;
export type RowIssueReason = keyof typeof ROW_ISSUE_REASONS;

export interface RowIssue {
  /** Header text exactly as in the user's file (or the field name when the column is absent). */
  column: string;
  reason: RowIssueReason;
  /** The offending cell as text, for the error report. */
  value?: string;
}

export type RowResult<T> =
  | { ok: true; rowNumber: number; record: T; warnings: RowIssue[] }
  | { ok: false; rowNumber: number; errors: RowIssue[]; warnings: RowIssue[] };

export function describeRowIssue(issue: RowIssue): string {
  const value = issue.value === undefined ? '' : `（${issue.value}）`;
  return `${issue.column}: ${ROW_ISSUE_REASONS[issue.reason]}${value}`;
}
