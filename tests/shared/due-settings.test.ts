import { DEFAULT_SANBAO_TERMS, DEFAULT_WARRANTY_TERMS } from '@dealer/shared/domain';
import { defaultDealershipSettings } from '@dealer/shared';
import { DEFAULT_DUE_SETTINGS, dueSettings, intervalsFor, usageOrPrivate } from '@dealer/shared/domain/due';

describe('due settings', () => {
  it('start from the same numbers as the dealership settings and the archive coverage', () => {
    const dealership = defaultDealershipSettings();
    expect(DEFAULT_DUE_SETTINGS.firstMaintenance).toEqual(dealership.firstMaintenance);
    expect(DEFAULT_DUE_SETTINGS.regularMaintenance).toEqual(dealership.regularMaintenance);
    expect(DEFAULT_DUE_SETTINGS.warranty).toEqual(DEFAULT_WARRANTY_TERMS);
    expect(DEFAULT_DUE_SETTINGS.sanbao).toEqual(DEFAULT_SANBAO_TERMS);
    // The dealership's own settings object can be passed in as it is.
    const { firstMaintenance, regularMaintenance, warranty, sanbao } = dealership;
    expect(dueSettings.safeParse({ firstMaintenance, regularMaintenance, warranty, sanbao }).success).toBe(
      true
    );
  });

  it('refuse numbers that make no sense and unknown fields', () => {
    const bad = [
      { firstMaintenance: { months: 0, km: 5_000 } },
      { regularMaintenance: { months: 6, km: -1 } },
      { projection: { windowMonths: 12, preferredSpanMonths: 18 } },
      { projection: { defaultKmPerDay: { private: -1, official: 40, commercial: 200 } } },
      { leadDays: { ...DEFAULT_DUE_SETTINGS.leadDays, insurance: 1.5 } },
      { bySeries: { 卡罗拉: { regularMaintenance: { months: 6 } } } },
      { unknownField: 1 }
    ];
    for (const input of bad) {
      const parsed = dueSettings.safeParse(input);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.length).toBeGreaterThan(0);
    }
  });

  it('look a series up by its exact (trimmed) name only', () => {
    const settings = dueSettings.parse({
      bySeries: { ' 凯美瑞 ': { firstMaintenance: { months: 2, km: 3_000 } } }
    });
    expect(intervalsFor(settings, '凯美瑞').firstMaintenance).toEqual({ months: 2, km: 3_000 });
    expect(intervalsFor(settings, '凯美瑞').regularMaintenance).toEqual(
      DEFAULT_DUE_SETTINGS.regularMaintenance
    );
    expect(intervalsFor(settings, 'constructor')).toEqual({
      firstMaintenance: DEFAULT_DUE_SETTINGS.firstMaintenance,
      regularMaintenance: DEFAULT_DUE_SETTINGS.regularMaintenance
    });
    expect(intervalsFor(settings, null).firstMaintenance).toEqual(DEFAULT_DUE_SETTINGS.firstMaintenance);
  });

  it('treat an unknown usage as private', () => {
    expect(usageOrPrivate(null)).toBe('private');
    expect(usageOrPrivate(undefined)).toBe('private');
    expect(usageOrPrivate('commercial')).toBe('commercial');
  });
});
