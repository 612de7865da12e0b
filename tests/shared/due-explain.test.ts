import {
  DUE_TYPES,
  DUE_TYPE_LABELS,
  dueTitleZh,
  explainDueZh,
  formatKm,
  projectionPhraseZh,
  vehicleDue,
  type DueEvent
} from '@dealer/shared/domain/due';
import { eventOf, reading, vehicle } from './due-helpers';

function event(overrides: Partial<DueEvent>): DueEvent {
  return {
    type: 'regular_maintenance',
    occurrence: '2025-11-01',
    dueDate: '2026-05-01',
    dueMileage: 45_000,
    basis: 'time',
    mileageObserved: false,
    dateSource: 'rule',
    projection: { kmPerDay: 38, source: 'own' },
    status: 'upcoming',
    daysLeft: 100,
    ...overrides
  };
}

describe('explainDueZh', () => {
  it('tells the owner when, in date and km, from their own driving', () => {
    // 13,870 km in the year to 2026-09-10: 38 km/day; 45,000 km after ceil(5,000 / 38) = 132 days.
    const result = vehicleDue(
      vehicle({
        readings: [reading('2025-09-10', 26_130)],
        maintenanceVisits: [{ date: '2026-09-10', km: 40_000 }]
      }),
      { today: '2026-10-01' }
    );
    expect(explainDueZh(eventOf(result, 'regular_maintenance'))).toBe(
      '约 2027-01-20 或 45,000 公里，按您近期每天约 38 公里推算'
    );
  });

  it('says how late an overdue maintenance is, and on which side', () => {
    expect(explainDueZh(event({ status: 'overdue', daysLeft: -5 }))).toBe(
      '已于 2026-05-01 到期（或 45,000 公里，以先到者为准），已超过 5 天'
    );
    expect(explainDueZh(event({ status: 'overdue', daysLeft: -5, dueMileage: undefined }))).toBe(
      '已于 2026-05-01 到期，已超过 5 天'
    );
    expect(
      explainDueZh(
        event({
          status: 'overdue',
          daysLeft: -2,
          basis: 'mileage',
          projection: { kmPerDay: 27, source: 'default' }
        })
      )
    ).toBe('约 2026-05-01 已达 45,000 公里（按每天约 27 公里估算），已超过 2 天');
  });

  it('gives only the date when the odometer is unknown', () => {
    expect(explainDueZh(event({ type: 'first_maintenance', dueMileage: undefined }))).toBe('约 2026-05-01');
  });

  it('names where the rate came from', () => {
    expect(projectionPhraseZh({ kmPerDay: 38.4, source: 'own' })).toBe('按您近期每天约 38 公里推算');
    expect(projectionPhraseZh({ kmPerDay: 1_234.5, source: 'series' })).toBe(
      '按同车系车辆每天约 1,235 公里推算'
    );
    expect(projectionPhraseZh({ kmPerDay: 27, source: 'default' })).toBe('按每天约 27 公里估算');
    expect(projectionPhraseZh({ kmPerDay: 0.2, source: 'own' })).toBe('您近期几乎未行驶，按时间推算');
    expect(projectionPhraseZh({ kmPerDay: 0, source: 'series' })).toBe('按时间推算');
  });
});

describe('labels', () => {
  it('has a Chinese name for every type', () => {
    for (const type of DUE_TYPES) expect(DUE_TYPE_LABELS[type]).toMatch(/\p{Script=Han}/u);
  });

  it('titles a row by type and status; an ended warranty has ended rather than being late', () => {
    expect(dueTitleZh(event({ status: 'due_soon' }))).toBe('定期保养 · 即将到期');
    expect(dueTitleZh(event({ status: 'overdue' }))).toBe('定期保养 · 已逾期');
    expect(dueTitleZh(event({ type: 'warranty_end', status: 'overdue' }))).toBe('保修期 · 已结束');
    expect(dueTitleZh(event({ type: 'insurance', status: 'upcoming' }))).toBe('保险续保 · 未到期');
  });

  it('groups thousands in km', () => {
    expect(formatKm(0)).toBe('0');
    expect(formatKm(999)).toBe('999');
    expect(formatKm(45_000)).toBe('45,000');
    expect(formatKm(1_234_567.4)).toBe('1,234,567');
  });
});
