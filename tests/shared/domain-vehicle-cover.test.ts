import {
  coverageStatus,
  DEFAULT_SANBAO_TERMS,
  DEFAULT_WARRANTY_TERMS,
  periodStatus
} from '@dealer/shared/domain';

const terms = { warranty: DEFAULT_WARRANTY_TERMS, sanbao: DEFAULT_SANBAO_TERMS };

describe('coverageStatus', () => {
  it('is active inside both limits, ending on the anniversary day', () => {
    const result = coverageStatus({
      deliveryDate: '2023-05-06',
      mileageKm: 20000,
      today: '2024-06-01',
      ...terms
    });
    expect(result.warranty).toEqual({
      status: 'active',
      endsOn: '2026-05-06',
      reason: 'within_time_and_mileage'
    });
    expect(result.sanbao).toEqual({
      status: 'active',
      endsOn: '2025-05-06',
      reason: 'within_time_and_mileage'
    });
  });

  it('ends 三包 by mileage before time while the warranty continues', () => {
    const result = coverageStatus({
      deliveryDate: '2023-05-06',
      mileageKm: 50000,
      today: '2024-06-01',
      ...terms
    });
    expect(result.sanbao).toEqual({ status: 'expired', endsOn: '2025-05-06', reason: 'mileage_reached' });
    expect(result.warranty.status).toBe('active');
  });

  it('ends by time before mileage', () => {
    const result = coverageStatus({
      deliveryDate: '2021-05-06',
      mileageKm: 30000,
      today: '2024-06-01',
      ...terms
    });
    expect(result.sanbao).toEqual({ status: 'expired', endsOn: '2023-05-06', reason: 'time_elapsed' });
    expect(result.warranty).toEqual({ status: 'expired', endsOn: '2024-05-06', reason: 'time_elapsed' });
  });

  it('is still active on the last day and expired the day after', () => {
    const base = { deliveryDate: '2022-06-01', mileageKm: 1000, ...terms };
    expect(coverageStatus({ ...base, today: '2024-06-01' }).sanbao.status).toBe('active');
    expect(coverageStatus({ ...base, today: '2024-06-02' }).sanbao.status).toBe('expired');
  });

  it('is unknown without a delivery date unless mileage alone already ended it', () => {
    const noDate = coverageStatus({ deliveryDate: null, mileageKm: 10000, today: '2024-06-01', ...terms });
    expect(noDate.warranty).toEqual({ status: 'unknown', endsOn: null, reason: 'no_delivery_date' });
    const farDriven = coverageStatus({ deliveryDate: null, mileageKm: 60000, today: '2024-06-01', ...terms });
    expect(farDriven.sanbao).toEqual({ status: 'expired', endsOn: null, reason: 'mileage_reached' });
    expect(farDriven.warranty.status).toBe('unknown');
  });

  it('is unknown inside the time limit when the mileage is unknown', () => {
    const result = coverageStatus({
      deliveryDate: '2024-01-01',
      mileageKm: null,
      today: '2024-06-01',
      ...terms
    });
    expect(result.sanbao).toEqual({ status: 'unknown', endsOn: '2026-01-01', reason: 'mileage_unknown' });
  });

  it('needs no mileage for terms without a km limit', () => {
    expect(periodStatus('2024-01-01', null, '2024-06-01', { years: 5, km: null })).toEqual({
      status: 'active',
      endsOn: '2029-01-01',
      reason: 'within_time_and_mileage'
    });
  });

  it('ends a 29 February delivery on 28 February in common years', () => {
    const result = coverageStatus({
      deliveryDate: '2020-02-29',
      mileageKm: 100,
      today: '2022-02-28',
      ...terms
    });
    expect(result.sanbao).toEqual({
      status: 'active',
      endsOn: '2022-02-28',
      reason: 'within_time_and_mileage'
    });
  });

  it('does not apply 三包 to official or commercial vehicles', () => {
    const input = { deliveryDate: '2024-01-01', mileageKm: 100, today: '2024-06-01', ...terms };
    expect(coverageStatus({ ...input, usage: 'commercial' }).sanbao).toEqual({
      status: 'not_applicable',
      endsOn: null,
      reason: 'not_household_vehicle'
    });
    expect(coverageStatus({ ...input, usage: 'private' }).sanbao.status).toBe('active');
    expect(coverageStatus({ ...input, usage: 'official' }).warranty.status).toBe('active');
  });

  it('uses the brand terms it is given', () => {
    const result = coverageStatus({
      deliveryDate: '2020-01-01',
      mileageKm: 120000,
      today: '2024-06-01',
      warranty: { years: 8, km: 150000 },
      sanbao: DEFAULT_SANBAO_TERMS
    });
    expect(result.warranty).toEqual({
      status: 'active',
      endsOn: '2028-01-01',
      reason: 'within_time_and_mileage'
    });
  });
});
