import { DEFAULT_SANBAO_TERMS, DEFAULT_WARRANTY_TERMS, coverageStatus } from '@dealer/shared/domain';
import {
  DEFAULT_DUE_SETTINGS,
  dueSettings,
  dueStatus,
  dueTitleZh,
  explainDueZh,
  insuranceEndAfter,
  nextInspection,
  vehicleDue
} from '@dealer/shared/domain/due';
import { eventOf, reading, vehicle } from './due-helpers';

describe('insurance renewal', () => {
  it('takes the date on the archive as it stands', () => {
    const soon = eventOf(
      vehicleDue(vehicle({ insuranceRenewalDate: '2025-07-15' }), { today: '2025-07-01' }),
      'insurance'
    );
    expect(soon).toMatchObject({
      dueDate: '2025-07-15',
      dateSource: 'given',
      status: 'due_soon',
      daysLeft: 14
    });
    expect(explainDueZh(soon)).toBe('保险 2025-07-15 到期');

    const late = eventOf(
      vehicleDue(vehicle({ insuranceRenewalDate: '2025-06-20' }), { today: '2025-07-01' }),
      'insurance'
    );
    expect(late).toMatchObject({ status: 'overdue', daysLeft: -11 });
    expect(explainDueZh(late)).toBe('保险已于 2025-06-20 到期，已超过 11 天');
  });

  it('otherwise expects yearly policies from the delivery day, the next one still ahead', () => {
    const car = vehicle({ deliveryDate: '2023-05-06' });
    expect(eventOf(vehicleDue(car, { today: '2025-05-05' }), 'insurance')).toMatchObject({
      dueDate: '2025-05-05',
      dateSource: 'rule',
      status: 'due_soon',
      daysLeft: 0
    });
    const next = eventOf(vehicleDue(car, { today: '2025-05-06' }), 'insurance');
    expect(next).toMatchObject({ dueDate: '2026-05-05', status: 'upcoming' });
    expect(explainDueZh(next)).toBe('约 2026-05-05 到期（按交车日期推算，请以保单为准）');
  });

  it('ends a policy the day before its anniversary, 29 February included', () => {
    expect(insuranceEndAfter('2023-03-01', 1)).toBe('2024-02-29');
    expect(insuranceEndAfter('2024-02-29', 1)).toBe('2025-02-28');
    expect(insuranceEndAfter('2024-02-29', 4)).toBe('2028-02-28');
    expect(insuranceEndAfter('2024-12-31', 1)).toBe('2025-12-30');
  });
});

describe('annual inspection (年检)', () => {
  const privateRule = DEFAULT_DUE_SETTINGS.inspection.private;
  const commercialRule = DEFAULT_DUE_SETTINGS.inspection.commercial;

  it('checks a private car every 2 years to 10 years, on site only in years 6 and 10, then yearly', () => {
    const registered = '2019-03-15';
    const on = (today: string) => nextInspection(registered, privateRule, today);
    expect(on('2019-06-01')).toEqual({ dueDate: '2021-03-31', ageYears: 2, onSite: false });
    expect(on('2021-03-31')).toEqual({ dueDate: '2021-03-31', ageYears: 2, onSite: false });
    expect(on('2021-04-01')).toEqual({ dueDate: '2023-03-31', ageYears: 4, onSite: false });
    expect(on('2025-01-10')).toEqual({ dueDate: '2025-03-31', ageYears: 6, onSite: true });
    expect(on('2025-04-01')).toEqual({ dueDate: '2027-03-31', ageYears: 8, onSite: false });
    expect(on('2027-04-01')).toEqual({ dueDate: '2029-03-31', ageYears: 10, onSite: true });
    expect(on('2029-04-01')).toEqual({ dueDate: '2030-03-31', ageYears: 11, onSite: true });
  });

  it('checks a commercial car yearly for 5 years, then every 6 months, always on site', () => {
    const on = (today: string) => nextInspection('2020-06-10', commercialRule, today);
    expect(on('2021-01-01')).toEqual({ dueDate: '2021-06-30', ageYears: 1, onSite: true });
    expect(on('2025-06-01')).toEqual({ dueDate: '2025-06-30', ageYears: 5, onSite: true });
    expect(on('2025-07-01')).toEqual({ dueDate: '2025-12-31', ageYears: 5.5, onSite: true });
    expect(on('2026-01-01')).toEqual({ dueDate: '2026-06-30', ageYears: 6, onSite: true });
  });

  it('counts from the registration date when known, else from delivery, and says whether to go on site', () => {
    const registered = vehicleDue(vehicle({ deliveryDate: '2019-05-01', registrationDate: '2019-04-20' }), {
      today: '2020-01-01'
    });
    const event = eventOf(registered, 'inspection');
    expect(event).toMatchObject({ dueDate: '2021-04-30', dateSource: 'rule', onSiteInspection: false });
    expect(explainDueZh(event)).toBe(
      '约 2021-04-30 前需年检（按登记日期推算），免上线检验，网上申领检验标志即可'
    );
    const sixth = eventOf(
      vehicleDue(vehicle({ deliveryDate: '2019-05-01' }), { today: '2025-04-01' }),
      'inspection'
    );
    expect(sixth).toMatchObject({ dueDate: '2025-05-31', onSiteInspection: true, status: 'upcoming' });
    expect(explainDueZh(sixth)).toBe('约 2025-05-31 前需年检（按登记日期推算），需上线检验');
    expect(
      eventOf(
        vehicleDue(vehicle({ usage: 'official', deliveryDate: '2019-05-01' }), { today: '2025-04-01' }),
        'inspection'
      ).dueDate
    ).toBe('2025-05-31');
  });

  it('takes the deadline on the archive when there is one', () => {
    const given = eventOf(
      vehicleDue(vehicle({ deliveryDate: '2019-05-01', inspectionDate: '2025-08-31' }), {
        today: '2025-08-10'
      }),
      'inspection'
    );
    expect(given).toMatchObject({
      dueDate: '2025-08-31',
      dateSource: 'given',
      onSiteInspection: null,
      status: 'due_soon'
    });
    expect(explainDueZh(given)).toBe('检验有效期至 2025-08-31');
    const expired = eventOf(
      vehicleDue(vehicle({ inspectionDate: '2025-07-31' }), { today: '2025-08-10' }),
      'inspection'
    );
    expect(explainDueZh(expired)).toBe('检验有效期已于 2025-07-31 届满，已超过 10 天');
  });

  it('follows a rule configured by the dealership (the pre-2022 cycle: half-yearly after 15 years)', () => {
    const settings = dueSettings.parse({
      inspection: {
        ...DEFAULT_DUE_SETTINGS.inspection,
        private: {
          stages: [
            { untilYears: 6, everyMonths: 24 },
            { untilYears: 15, everyMonths: 12 },
            { untilYears: null, everyMonths: 6 }
          ],
          exemptUntilYears: 6,
          onSiteAtYears: [6]
        }
      }
    });
    expect(nextInspection('2005-01-10', settings.inspection.private, '2021-02-01')).toEqual({
      dueDate: '2021-07-31',
      ageYears: 16.5,
      onSite: true
    });
    expect(nextInspection('2005-01-10', settings.inspection.private, '2009-02-01')).toEqual({
      dueDate: '2011-01-31',
      ageYears: 6,
      onSite: true
    });
  });

  it('refuses a rule that does not cover every age', () => {
    const open = { stages: [{ untilYears: 10, everyMonths: 24 }], exemptUntilYears: 10, onSiteAtYears: [6] };
    expect(
      dueSettings.safeParse({ inspection: { ...DEFAULT_DUE_SETTINGS.inspection, private: open } }).success
    ).toBe(false);
    const unordered = {
      stages: [
        { untilYears: 10, everyMonths: 24 },
        { untilYears: 5, everyMonths: 12 },
        { untilYears: null, everyMonths: 6 }
      ],
      exemptUntilYears: 0,
      onSiteAtYears: []
    };
    expect(
      dueSettings.safeParse({ inspection: { ...DEFAULT_DUE_SETTINGS.inspection, commercial: unordered } })
        .success
    ).toBe(false);
  });
});

describe('warranty and 三包 ending', () => {
  it("ends by time on the same day as the archive's coverage status", () => {
    const car = vehicle({ deliveryDate: '2023-05-06', readings: [reading('2025-05-01', 20_000)] });
    const result = vehicleDue(car, { today: '2025-05-03' });
    const sanbao = eventOf(result, 'sanbao_end');
    expect(sanbao).toMatchObject({
      dueDate: '2025-05-06',
      dueMileage: 50_000,
      basis: 'time',
      status: 'due_soon',
      daysLeft: 3
    });
    expect(explainDueZh(sanbao)).toBe(
      '约 2025-05-06 或 50,000 公里结束（以先到者为准），按您近期每天约 28 公里推算'
    );
    const cover = coverageStatus({
      deliveryDate: '2023-05-06',
      mileageKm: 20_000,
      today: '2025-05-03',
      warranty: DEFAULT_WARRANTY_TERMS,
      sanbao: DEFAULT_SANBAO_TERMS
    });
    expect(sanbao.dueDate).toBe(cover.sanbao.endsOn);
    expect(eventOf(result, 'warranty_end').dueDate).toBe(cover.warranty.endsOn);
  });

  it('ends by projected mileage when the car will reach the limit first', () => {
    // 40,000 km in the first 366 days: 50,000 km after 91.5 more days, 100,000 km after 549.
    const result = vehicleDue(
      vehicle({ deliveryDate: '2024-01-01', readings: [reading('2025-01-01', 40_000)] }),
      { today: '2025-01-10' }
    );
    expect(eventOf(result, 'sanbao_end')).toMatchObject({
      dueDate: '2025-04-03',
      dueMileage: 50_000,
      basis: 'mileage',
      mileageObserved: false,
      status: 'upcoming'
    });
    expect(eventOf(result, 'warranty_end')).toMatchObject({
      dueDate: '2026-07-04',
      dueMileage: 100_000,
      basis: 'mileage'
    });
  });

  it('says when a period already ended by mileage', () => {
    // 60,000 km in 365 days: 50,000 km was passed on day ceil(304.2) = 305, 2022-11-02.
    const result = vehicleDue(
      vehicle({ deliveryDate: '2022-01-01', readings: [reading('2023-01-01', 60_000)] }),
      { today: '2023-02-01' }
    );
    const sanbao = eventOf(result, 'sanbao_end');
    expect(sanbao).toMatchObject({
      dueDate: '2022-11-02',
      basis: 'mileage',
      mileageObserved: true,
      status: 'overdue'
    });
    expect(dueTitleZh(sanbao)).toBe('三包期 · 已结束');
    expect(explainDueZh(sanbao)).toBe('已于约 2022-11-02 达到 50,000 公里而结束');
  });

  it('has no mileage side when the terms have no km limit', () => {
    const settings = dueSettings.parse({ warranty: { years: 5, km: null } });
    const warranty = eventOf(
      vehicleDue(vehicle({ deliveryDate: '2023-01-01' }), { today: '2025-01-01', settings }),
      'warranty_end'
    );
    expect(warranty).toMatchObject({ dueDate: '2028-01-01', basis: 'time' });
    expect(warranty.dueMileage).toBeUndefined();
    expect(explainDueZh(warranty)).toBe('2028-01-01 结束');
  });

  it('gives 三包 to household cars only', () => {
    // The warranty still applies; at the commercial default of 200 km/day it ends by km after 500 days.
    const warrantyEnds = { official: '2027-01-01', commercial: '2025-05-15' } as const;
    for (const usage of ['official', 'commercial'] as const) {
      const result = vehicleDue(vehicle({ usage, deliveryDate: '2024-01-01' }), { today: '2024-06-01' });
      expect(result.skipped).toEqual([{ type: 'sanbao_end', reason: 'not_household_vehicle' }]);
      expect(eventOf(result, 'warranty_end').dueDate).toBe(warrantyEnds[usage]);
    }
  });
});

describe('status relative to today', () => {
  it('is due soon within the lead days, through the due day, and overdue the day after', () => {
    expect(dueStatus('2025-01-16', '2025-01-01', 14)).toBe('upcoming');
    expect(dueStatus('2025-01-15', '2025-01-01', 14)).toBe('due_soon');
    expect(dueStatus('2025-01-01', '2025-01-01', 14)).toBe('due_soon');
    expect(dueStatus('2024-12-31', '2025-01-01', 14)).toBe('overdue');
    expect(dueStatus('2025-01-01', '2025-01-01', 0)).toBe('due_soon');
  });

  it("uses each type's own lead days", () => {
    const settings = dueSettings.parse({ leadDays: { ...DEFAULT_DUE_SETTINGS.leadDays, insurance: 60 } });
    const car = vehicle({ insuranceRenewalDate: '2025-03-01', inspectionDate: '2025-03-01' });
    const result = vehicleDue(car, { today: '2025-01-15', settings });
    expect(eventOf(result, 'insurance').status).toBe('due_soon');
    expect(eventOf(result, 'inspection').status).toBe('upcoming');
  });

  it('lists events by due day', () => {
    const result = vehicleDue(
      vehicle({
        deliveryDate: '2024-01-01',
        insuranceRenewalDate: '2024-12-31',
        maintenanceVisits: [{ date: '2024-04-01', km: 2_000 }]
      }),
      { today: '2024-06-01' }
    );
    const days = result.events.map((e) => e.dueDate);
    expect(days).toEqual([...days].sort());
    expect(result.events.map((e) => e.type)).toEqual([
      'regular_maintenance',
      'insurance',
      'sanbao_end',
      'inspection',
      'warranty_end'
    ]);
  });
});
