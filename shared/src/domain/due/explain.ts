import type { DueType } from './settings';
import type { DueEvent, DueStatus, Projection } from './types';

/**
 * Chinese wording of due events for owners and staff, e.g.
 * '约 2027-01-20 或 45,000 公里，按您近期每天约 38 公里推算'. Built only from the event, so
 * the home page, the reminder and the workbench say the same thing.
 */

export const DUE_TYPE_LABELS: Readonly<Record<DueType, string>> = {
  first_maintenance: '首保',
  regular_maintenance: '定期保养',
  insurance: '保险续保',
  inspection: '年检',
  warranty_end: '保修期',
  sanbao_end: '三包期'
};

export const DUE_STATUS_LABELS: Readonly<Record<DueStatus, string>> = {
  upcoming: '未到期',
  due_soon: '即将到期',
  overdue: '已逾期'
};

/** 45000 → '45,000' (grouping written out: the mini-program's JS engine may lack Intl). */
export function formatKm(km: number): string {
  return String(Math.round(km)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** '按您近期每天约 38 公里推算' — how the mileage side was projected. */
export function projectionPhraseZh(projection: Projection): string {
  const rate = projection.kmPerDay;
  if (rate < 0.5) return projection.source === 'own' ? '您近期几乎未行驶，按时间推算' : '按时间推算';
  const perDay = `每天约 ${formatKm(rate)} 公里`;
  switch (projection.source) {
    case 'own':
      return `按您近期${perDay}推算`;
    case 'series':
      return `按同车系车辆${perDay}推算`;
    case 'default':
      return `按${perDay}估算`;
  }
}

function lateBy(event: DueEvent): string {
  return `已超过 ${-event.daysLeft} 天`;
}

function maintenanceZh(e: DueEvent): string {
  const km = e.dueMileage === undefined ? null : `${formatKm(e.dueMileage)} 公里`;
  const projection = projectionPhraseZh(e.projection);
  if (e.status !== 'overdue')
    return km === null ? `约 ${e.dueDate}` : `约 ${e.dueDate} 或 ${km}，${projection}`;
  if (e.basis === 'mileage') {
    return e.mileageObserved
      ? `行驶里程约 ${e.dueDate} 已达 ${km}，${lateBy(e)}`
      : `约 ${e.dueDate} 已达 ${km}（${projection}），${lateBy(e)}`;
  }
  return `已于 ${e.dueDate} 到期${km === null ? '' : `（或 ${km}，以先到者为准）`}，${lateBy(e)}`;
}

function insuranceZh(e: DueEvent): string {
  if (e.dateSource === 'rule') return `约 ${e.dueDate} 到期（按交车日期推算，请以保单为准）`;
  return e.status === 'overdue' ? `保险已于 ${e.dueDate} 到期，${lateBy(e)}` : `保险 ${e.dueDate} 到期`;
}

function inspectionZh(e: DueEvent): string {
  if (e.dateSource === 'given') {
    return e.status === 'overdue'
      ? `检验有效期已于 ${e.dueDate} 届满，${lateBy(e)}`
      : `检验有效期至 ${e.dueDate}`;
  }
  const how = e.onSiteInspection ? '需上线检验' : '免上线检验，网上申领检验标志即可';
  return `约 ${e.dueDate} 前需年检（按登记日期推算），${how}`;
}

function coverageEndZh(e: DueEvent): string {
  const km = e.dueMileage === undefined ? null : `${formatKm(e.dueMileage)} 公里`;
  if (e.status === 'overdue') {
    return e.basis === 'mileage' ? `已于约 ${e.dueDate} 达到 ${km}而结束` : `已于 ${e.dueDate} 结束`;
  }
  return km === null
    ? `${e.dueDate} 结束`
    : `约 ${e.dueDate} 或 ${km}结束（以先到者为准），${projectionPhraseZh(e.projection)}`;
}

export function explainDueZh(event: DueEvent): string {
  switch (event.type) {
    case 'first_maintenance':
    case 'regular_maintenance':
      return maintenanceZh(event);
    case 'insurance':
      return insuranceZh(event);
    case 'inspection':
      return inspectionZh(event);
    case 'warranty_end':
    case 'sanbao_end':
      return coverageEndZh(event);
  }
}

/** '定期保养 · 即将到期' — a list row's title; an ended warranty reads '已结束', not '已逾期'. */
export function dueTitleZh(event: DueEvent): string {
  const ending = event.type === 'warranty_end' || event.type === 'sanbao_end';
  const status = ending && event.status === 'overdue' ? '已结束' : DUE_STATUS_LABELS[event.status];
  return `${DUE_TYPE_LABELS[event.type]} · ${status}`;
}
