/**
 * Uplift of the service reminders (docs/reminders.md "Funnel and uplift"): the return rate of
 * reminded vehicles minus that of the control group (never reminded), with a 95% Wald interval
 * for a difference of two independent proportions, and one Chinese sentence a manager reads.
 * Pure: counts in, numbers and words out.
 */

/** One group's decided outcomes: `returned` of `decided` (returned + missed; pending left out). */
export interface ReturnSample {
  returned: number;
  decided: number;
}

/** z for a two-sided 95% interval (the 97.5th percentile of the standard normal). */
export const Z_95 = 1.959964;

/** Below this many decided vehicles in either group the interval is not computed. */
export const MIN_UPLIFT_SAMPLE = 30;

export type UpliftVerdict = 'insufficient' | 'higher' | 'lower' | 'not_significant';

export interface Uplift {
  reminded: ReturnSample & { rate: number | null };
  control: ReturnSample & { rate: number | null };
  /** rate(reminded) − rate(control), a fraction; null when either group has no decided vehicle. */
  difference: number | null;
  /** The 95% interval of the difference (fractions); null when the samples are too small. */
  interval: { low: number; high: number } | null;
  verdict: UpliftVerdict;
  /** e.g. 提醒组回厂率 46.0%（230/500），对照组 38.0%（19/50），提升 8.0 个百分点，… */
  sentence: string;
}

const rateOf = (s: ReturnSample): number | null => (s.decided === 0 ? null : s.returned / s.decided);

/**
 * Why the Wald interval cannot be trusted for a group, or null when it can: fewer than
 * MIN_UPLIFT_SAMPLE decided vehicles, or no variation at all (nobody or everybody returned —
 * the Wald standard error is then 0 and the interval would pretend to be exact).
 */
export function sampleShortfall(s: ReturnSample): 'too_few' | 'no_variation' | null {
  if (s.decided < MIN_UPLIFT_SAMPLE) return 'too_few';
  if (s.returned === 0 || s.returned === s.decided) return 'no_variation';
  return null;
}

/** Wald 95% interval of p1 − p2: d ± z·√(p1(1−p1)/n1 + p2(1−p2)/n2). */
export function waldDifferenceInterval(
  a: ReturnSample,
  b: ReturnSample,
  z = Z_95
): { low: number; high: number } {
  const p1 = a.returned / a.decided;
  const p2 = b.returned / b.decided;
  const se = Math.sqrt((p1 * (1 - p1)) / a.decided + (p2 * (1 - p2)) / b.decided);
  const d = p1 - p2;
  return { low: d - z * se, high: d + z * se };
}

/** 46.0% — one decimal, never "-0.0". */
export function percentOneDecimal(fraction: number): string {
  return `${points(fraction)}%`;
}

/** Percentage points to one decimal (0.0815 → "8.2"), never "-0.0". */
function points(fraction: number): string {
  const text = (fraction * 100).toFixed(1);
  return text === '-0.0' ? '0.0' : text;
}

/** 提醒组回厂率 46.0%（230/500） / 对照组 38.0%（19/50） / 对照组暂无已有结果的车辆 */
function groupText(group: string, rateWord: string, s: ReturnSample): string {
  const rate = rateOf(s);
  if (rate === null) return `${group}暂无已有结果的车辆`;
  return `${group}${rateWord} ${percentOneDecimal(rate)}（${s.returned}/${s.decided}）`;
}

function changeText(difference: number): string {
  const text = points(Math.abs(difference));
  if (text === '0.0') return '持平';
  return `${difference > 0 ? '提升' : '降低'} ${text} 个百分点`;
}

type SignificanceVerdict = Exclude<UpliftVerdict, 'insufficient'>;

/** Significant when the whole interval lies on one side of 0. */
function verdictOf(interval: { low: number; high: number }): SignificanceVerdict {
  if (interval.low > 0) return 'higher';
  if (interval.high < 0) return 'lower';
  return 'not_significant';
}

const VERDICT_TEXT: Record<SignificanceVerdict, string> = {
  higher: '提醒组回厂率明显高于对照组',
  lower: '提醒组回厂率明显低于对照组',
  not_significant: '差异尚不显著'
};

function insufficientText(reminded: ReturnSample, control: ReturnSample): string {
  const short = [sampleShortfall(reminded), sampleShortfall(control)];
  const reason = short.includes('too_few')
    ? `每组至少需 ${MIN_UPLIFT_SAMPLE} 辆已有结果的车辆`
    : '某组车辆全部回厂或全部未回厂';
  return `样本不足（${reason}），暂不能判断提醒效果`;
}

/** The uplift of reminded vehicles over the control group, with its interval and sentence. */
export function computeUplift(reminded: ReturnSample, control: ReturnSample): Uplift {
  const r1 = rateOf(reminded);
  const r2 = rateOf(control);
  const difference = r1 === null || r2 === null ? null : r1 - r2;
  const sufficient = sampleShortfall(reminded) === null && sampleShortfall(control) === null;
  const interval = sufficient ? waldDifferenceInterval(reminded, control) : null;
  const decided = interval ? verdictOf(interval) : null;

  const parts = [groupText('提醒组', '回厂率', reminded), groupText('对照组', '', control)];
  if (difference !== null) parts.push(changeText(difference));
  if (interval && decided)
    parts.push(
      `95% 置信区间 ${points(interval.low)} 至 ${points(interval.high)} 个百分点：${VERDICT_TEXT[decided]}`
    );
  else parts.push(insufficientText(reminded, control));

  return {
    reminded: { ...reminded, rate: r1 },
    control: { ...control, rate: r2 },
    difference,
    interval,
    verdict: decided ?? 'insufficient',
    sentence: parts.join('，')
  };
}
