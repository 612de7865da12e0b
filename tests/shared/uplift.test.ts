import {
  computeUplift,
  MIN_UPLIFT_SAMPLE,
  sampleShortfall,
  waldDifferenceInterval
} from '@dealer/shared/domain/uplift';

/**
 * The reminders' uplift (docs/reminders.md "Funnel and uplift"): return rate of reminded
 * vehicles minus the control group's, with the 95% Wald interval
 *   d ± 1.959964 · √(p1(1−p1)/n1 + p2(1−p2)/n2).
 * Every expected figure below is worked out by hand in the comment above it.
 */

describe('the Wald interval of a difference of two proportions', () => {
  test('the issue’s example: 230/500 reminded vs 19/50 control', () => {
    // p1 = 0.46, p2 = 0.38, d = 0.08
    // p1(1−p1)/n1 = 0.46·0.54/500 = 0.2484/500 = 0.0004968
    // p2(1−p2)/n2 = 0.38·0.62/50  = 0.2356/50  = 0.0047120
    // se = √0.0052088 = 0.0721720; 1.959964 · se = 0.141454
    // interval = 0.08 ± 0.141454 = [−0.061454, 0.221454]
    const interval = waldDifferenceInterval({ returned: 230, decided: 500 }, { returned: 19, decided: 50 });
    expect(interval.low).toBeCloseTo(-0.061454, 5);
    expect(interval.high).toBeCloseTo(0.221454, 5);

    const uplift = computeUplift({ returned: 230, decided: 500 }, { returned: 19, decided: 50 });
    expect(uplift).toMatchObject({
      reminded: { returned: 230, decided: 500, rate: 0.46 },
      control: { returned: 19, decided: 50, rate: 0.38 },
      verdict: 'not_significant'
    });
    expect(uplift.difference).toBeCloseTo(0.08, 10);
    expect(uplift.sentence).toBe(
      '提醒组回厂率 46.0%（230/500），对照组 38.0%（19/50），提升 8.0 个百分点，95% 置信区间 -6.1 至 22.1 个百分点：差异尚不显著'
    );
  });

  test('a clear gain: 60/100 vs 30/100', () => {
    // d = 0.6 − 0.3 = 0.3; variances 0.24/100 + 0.21/100 = 0.0045; se = 0.0670820;
    // 1.959964 · se = 0.131478 → [0.168522, 0.431478]: entirely above 0.
    const uplift = computeUplift({ returned: 60, decided: 100 }, { returned: 30, decided: 100 });
    expect(uplift.interval?.low).toBeCloseTo(0.168522, 5);
    expect(uplift.interval?.high).toBeCloseTo(0.431478, 5);
    expect(uplift.verdict).toBe('higher');
    expect(uplift.sentence).toBe(
      '提醒组回厂率 60.0%（60/100），对照组 30.0%（30/100），提升 30.0 个百分点，95% 置信区间 16.9 至 43.1 个百分点：提醒组回厂率明显高于对照组'
    );
  });

  test('a clear loss: 20/100 vs 40/100', () => {
    // d = −0.2; variances 0.16/100 + 0.24/100 = 0.004; se = 0.0632456;
    // 1.959964 · se = 0.123959 → [−0.323959, −0.076041]: entirely below 0.
    const uplift = computeUplift({ returned: 20, decided: 100 }, { returned: 40, decided: 100 });
    expect(uplift.interval?.low).toBeCloseTo(-0.323959, 5);
    expect(uplift.interval?.high).toBeCloseTo(-0.076041, 5);
    expect(uplift.verdict).toBe('lower');
    expect(uplift.sentence).toBe(
      '提醒组回厂率 20.0%（20/100），对照组 40.0%（40/100），降低 20.0 个百分点，95% 置信区间 -32.4 至 -7.6 个百分点：提醒组回厂率明显低于对照组'
    );
  });

  test('equal rates at exactly the minimum sample: 15/30 vs 15/30', () => {
    // d = 0; variances 0.25/30 + 0.25/30 = 0.0166667; se = 0.1290994; 1.959964 · se = 0.253030.
    const uplift = computeUplift({ returned: 15, decided: 30 }, { returned: 15, decided: 30 });
    expect(MIN_UPLIFT_SAMPLE).toBe(30);
    expect(uplift.interval?.low).toBeCloseTo(-0.25303, 5);
    expect(uplift.interval?.high).toBeCloseTo(0.25303, 5);
    expect(uplift.sentence).toBe(
      '提醒组回厂率 50.0%（15/30），对照组 50.0%（15/30），持平，95% 置信区间 -25.3 至 25.3 个百分点：差异尚不显著'
    );
  });
});

describe('samples too small for an interval: 样本不足, never a made-up interval', () => {
  test('one vehicle short of 30 in a group', () => {
    expect(sampleShortfall({ returned: 15, decided: 29 })).toBe('too_few');
    const uplift = computeUplift({ returned: 15, decided: 30 }, { returned: 15, decided: 29 });
    // 15/29 = 0.517241 → 51.7%; d = 0.5 − 0.517241 = −0.017241 → 降低 1.7
    expect(uplift).toMatchObject({ interval: null, verdict: 'insufficient' });
    expect(uplift.difference).toBeCloseTo(-0.017241, 5);
    expect(uplift.sentence).toBe(
      '提醒组回厂率 50.0%（15/30），对照组 51.7%（15/29），降低 1.7 个百分点，样本不足（每组至少需 30 辆已有结果的车辆），暂不能判断提醒效果'
    );
  });

  test('everybody returned in one group: the Wald error would be 0', () => {
    expect(sampleShortfall({ returned: 30, decided: 30 })).toBe('no_variation');
    expect(sampleShortfall({ returned: 0, decided: 40 })).toBe('no_variation');
    expect(sampleShortfall({ returned: 1, decided: 40 })).toBeNull();
    const uplift = computeUplift({ returned: 30, decided: 30 }, { returned: 20, decided: 40 });
    expect(uplift.interval).toBeNull();
    expect(uplift.sentence).toBe(
      '提醒组回厂率 100.0%（30/30），对照组 50.0%（20/40），提升 50.0 个百分点，样本不足（某组车辆全部回厂或全部未回厂），暂不能判断提醒效果'
    );
  });

  test('nobody decided yet: no rate, no difference', () => {
    const uplift = computeUplift({ returned: 0, decided: 0 }, { returned: 0, decided: 0 });
    expect(uplift).toMatchObject({
      reminded: { rate: null },
      control: { rate: null },
      difference: null,
      interval: null,
      verdict: 'insufficient'
    });
    expect(uplift.sentence).toBe(
      '提醒组暂无已有结果的车辆，对照组暂无已有结果的车辆，样本不足（每组至少需 30 辆已有结果的车辆），暂不能判断提醒效果'
    );
  });
});
