import type { CustomerFeatures } from './inputs';
import { compareIds } from './inputs';
import type { TierSettings } from './settings';

/**
 * Comparison groups. Customers are compared within their main car series because ticket
 * sizes differ by series. A series with fewer active customers than `minGroupSize` would
 * rank a handful of people against each other — one of three owners would be "top 5%" —
 * so all such small series are ranked together in one pooled group instead. If only one
 * series is small it keeps its own key: pooling it with nobody would change nothing.
 */

export const GROUP_ALL = 'all';
export const GROUP_POOLED = 'pooled';
export const GROUP_UNKNOWN_SERIES = 'unknown-series';
const SERIES_PREFIX = 'series:';

export function seriesGroupKey(series: string | null): string {
  return series === null ? GROUP_UNKNOWN_SERIES : `${SERIES_PREFIX}${series}`;
}

/** '车系 宝马3系', '小车系合并组', '全店', '未知车系'. */
export function groupLabelZh(groupKey: string): string {
  if (groupKey === GROUP_ALL) return '全店';
  if (groupKey === GROUP_POOLED) return '小车系合并组';
  if (groupKey === GROUP_UNKNOWN_SERIES) return '未知车系';
  return groupKey.startsWith(SERIES_PREFIX) ? `车系 ${groupKey.slice(SERIES_PREFIX.length)}` : groupKey;
}

/** Groups of active customers, keyed and ordered by group key (deterministic). */
export function comparisonGroups(
  active: readonly CustomerFeatures[],
  settings: Pick<TierSettings, 'groupBy' | 'minGroupSize'>
): Map<string, CustomerFeatures[]> {
  if (settings.groupBy === 'none')
    return active.length === 0 ? new Map() : new Map([[GROUP_ALL, [...active]]]);
  const bySeries = new Map<string, CustomerFeatures[]>();
  for (const customer of active) {
    const key = seriesGroupKey(customer.series);
    const members = bySeries.get(key);
    if (members === undefined) bySeries.set(key, [customer]);
    else members.push(customer);
  }
  const small = [...bySeries.keys()].filter(
    (key) => (bySeries.get(key) ?? []).length < settings.minGroupSize
  );
  if (small.length >= 2) {
    const pooled: CustomerFeatures[] = [];
    for (const key of small) {
      for (const customer of bySeries.get(key) ?? []) pooled.push(customer);
      bySeries.delete(key);
    }
    bySeries.set(GROUP_POOLED, pooled);
  }
  return new Map([...bySeries.entries()].sort(([a], [b]) => compareIds(a, b)));
}
