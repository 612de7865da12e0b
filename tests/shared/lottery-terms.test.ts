import {
  changeProblems,
  publicationProblems,
  TOP_PRIZE_CAP_FEN,
  type CampaignTerms
} from '@dealer/shared/domain/lottery';
import { prize, validTerms } from './lottery-helpers';

/**
 * Lawful by construction (docs/lottery.md): the ¥50,000 cap, the SAMR disclosures, a sound
 * window and prize table before publication; only favourable changes afterwards.
 */

const withPrize = (
  terms: CampaignTerms,
  index: number,
  change: Partial<CampaignTerms['prizes'][number]>
) => ({
  ...terms,
  prizes: terms.prizes.map((p, i) => (i === index ? { ...p, ...change } : p))
});

describe('publicationProblems', () => {
  test('complete, lawful terms may be published', () => {
    expect(publicationProblems(validTerms())).toEqual([]);
    expect(publicationProblems(validTerms(), new Date('2026-12-10T00:00:00Z'))).toEqual([]);
  });

  test('a prize above ¥50,000 at market value is refused with the reason; exactly ¥50,000 is allowed', () => {
    const atCap = withPrize(validTerms(), 2, { valueFen: TOP_PRIZE_CAP_FEN });
    expect(publicationProblems(atCap)).toEqual([]);
    const above = withPrize(validTerms(), 2, { valueFen: TOP_PRIZE_CAP_FEN + 1 });
    expect(publicationProblems(above)).toEqual([
      '奖项“汽车脚垫”价值 ¥50,000.01，超过抽奖式有奖销售最高奖金额 ¥50,000 的法定上限'
    ]);
  });

  test.each([
    ['organiser', '须公示主办方'],
    ['contact', '须公示联系方式'],
    ['drawMethod', '须公示开奖方式'],
    ['claimMethod', '须公示兑奖条件和方式'],
    ['delivery', '须公示奖品交付方式'],
    ['forfeitConditions', '须公示奖品作废条件']
  ] as const)('a blank disclosure field %s is refused', (field, message) => {
    const terms = validTerms();
    expect(publicationProblems({ ...terms, disclosure: { ...terms.disclosure, [field]: '  ' } })).toEqual([
      message
    ]);
  });

  test('the disclosures derived from the terms are required too: name, prizes, claim time, participation', () => {
    const terms = validTerms();
    expect(publicationProblems({ ...terms, name: '' })).toEqual(['须公示活动名称']);
    expect(publicationProblems({ ...terms, claimDeadline: '' })).toEqual(['须填写有效的领奖截止时间']);
    expect(publicationProblems({ ...terms, prizes: [] })).toEqual(['未设置奖项']);
    const nobody = { tiers: [], segmentId: null, allBound: false, prospects: false };
    expect(publicationProblems({ ...terms, audience: nobody })).toEqual([
      '须选择参与对象（客户等级、客户分组、全部绑定车主或活动新客）'
    ]);
    const noEntry = { freePerDay: 0, freePerCampaign: 0, pointsPerDraw: null, earnedBy: [] };
    expect(publicationProblems({ ...terms, entry: noEntry })).toEqual([
      '须设置参与方式（免费次数、积分抽奖或行为获得抽奖机会）'
    ]);
  });

  test('a fallback prize (谢谢参与) is required, exactly one, unlimited and worth nothing', () => {
    const terms = validTerms();
    const withoutFallback = { ...terms, prizes: terms.prizes.slice(0, 3) };
    expect(publicationProblems(withoutFallback)).toEqual([
      '须设置一个“谢谢参与”奖项，作为库存不足或超出限制时的结果'
    ]);
    const twice = {
      ...terms,
      prizes: [...terms.prizes, prize({ id: 'none2', kind: 'none', valueFen: 0, stock: null })]
    };
    expect(publicationProblems(twice)).toEqual(['只能设置一个“谢谢参与”奖项']);
    expect(publicationProblems(withPrize(terms, 3, { stock: 5 }))).toEqual([
      '奖项“谢谢参与”（谢谢参与）的数量须为不限'
    ]);
    const onlyFallback = { ...terms, prizes: terms.prizes.slice(3) };
    expect(publicationProblems(onlyFallback)).toEqual(['至少须设置一个实际奖品']);
  });

  test('invalid weights, stock, values and prize details are refused', () => {
    const t = validTerms();
    expect(publicationProblems(withPrize(t, 0, { weight: 0 }))).toEqual([
      '奖项“免费洗车券”的权重须大于 0（不能设置抽不中的奖项）'
    ]);
    expect(publicationProblems(withPrize(t, 0, { weight: 1.5 }))).toEqual([
      '奖项“免费洗车券”的权重须为非负整数'
    ]);
    expect(publicationProblems(withPrize(t, 0, { stock: null }))).toEqual([
      '奖项“免费洗车券”须设置正整数的数量'
    ]);
    expect(publicationProblems(withPrize(t, 0, { stock: 0 }))).toEqual([
      '奖项“免费洗车券”须设置正整数的数量'
    ]);
    expect(publicationProblems(withPrize(t, 0, { valueFen: 0 }))).toEqual(['奖项“免费洗车券”须标明市场价值']);
    expect(publicationProblems(withPrize(t, 0, { rewardItemId: null }))).toEqual([
      '奖项“免费洗车券”须选择礼品目录中的券'
    ]);
    expect(publicationProblems(withPrize(t, 1, { points: null }))).toEqual([
      '奖项“200 积分”须填写赠送的积分数'
    ]);
    expect(publicationProblems(withPrize(t, 1, { id: 'wash' }))).toEqual(['奖项编号重复']);
    expect(publicationProblems(withPrize(t, 3, { weight: 2_000_000_000 }))).toEqual([
      '奖项权重之和须在 1 到 1000000000 之间'
    ]);
  });

  test('an invalid or past window is refused', () => {
    const t = validTerms();
    expect(publicationProblems({ ...t, endsAt: t.startsAt })).toEqual(['结束时间须晚于开始时间']);
    expect(publicationProblems({ ...t, startsAt: 'soon' })).toEqual(['开始时间无效']);
    expect(publicationProblems({ ...t, claimDeadline: '2026-12-30T00:00:00Z' })).toEqual([
      '领奖截止时间不能早于活动结束时间'
    ]);
    expect(publicationProblems(t, new Date('2027-01-01T00:00:00Z'))).toEqual(['活动结束时间已过']);
  });

  test('limits and the points cost must be positive integers when set', () => {
    const t = validTerms();
    expect(publicationProblems({ ...t, limits: { perDay: 0, perCampaign: null, perPrize: 1 } })).toEqual([
      '每日抽奖次数上限须为正整数或不限'
    ]);
    expect(publicationProblems({ ...t, entry: { ...t.entry, pointsPerDraw: -5 } })).toEqual([
      '每次抽奖消耗的积分须为正整数'
    ]);
  });
});

describe('changeProblems after publication', () => {
  test('unchanged terms, or the same terms with their keys in another order, are accepted', () => {
    const published = validTerms();
    expect(changeProblems(published, validTerms())).toEqual([]);
    const { disclosure, ...rest } = validTerms();
    const { showOdds, ...disclosureText } = disclosure;
    const reordered = { disclosure: { showOdds, ...disclosureText }, ...rest };
    expect(Object.keys(reordered.disclosure)[0]).toBe('showOdds');
    expect(changeProblems(published, reordered)).toEqual([]);
  });

  test('changes in the participants’ favour are accepted', () => {
    const published = validTerms();
    const favourable: CampaignTerms = {
      ...withPrize(withPrize(published, 0, { stock: 80 }), 2, { stock: 11 }),
      endsAt: '2027-01-10T16:00:00.000Z',
      claimDeadline: '2027-02-01T16:00:00.000Z',
      entry: { ...published.entry, pointsPerDraw: 50 }
    };
    expect(changeProblems(published, favourable)).toEqual([]);
  });

  test('each unfavourable change is refused with its reason', () => {
    const p = validTerms();
    const cases: [CampaignTerms, string][] = [
      [{ ...p, endsAt: '2026-12-20T16:00:00.000Z' }, '结束时间只能延后，不能提前'],
      [{ ...p, startsAt: '2026-11-01T00:00:00.000Z' }, '开始时间公示后不能修改'],
      [{ ...p, claimDeadline: '2027-01-01T16:00:00.000Z' }, '领奖截止时间只能延后，不能提前'],
      [withPrize(p, 0, { stock: 49 }), '奖项“免费洗车券”的数量只能增加，不能减少'],
      [withPrize(p, 0, { weight: 19 }), '奖项“免费洗车券”的名称、类型、价值和权重公示后不能修改'],
      [withPrize(p, 2, { valueFen: 20_000 }), '奖项“汽车脚垫”的名称、类型、价值和权重公示后不能修改'],
      [{ ...p, prizes: p.prizes.slice(1) }, '奖项“免费洗车券”已公示，不能删除'],
      [
        { ...p, prizes: [...p.prizes, prize({ id: 'extra' })] },
        '公示后不能新增奖项（会改变所有奖项的中奖概率）'
      ],
      [{ ...p, prizes: [...p.prizes].reverse() }, '奖项的顺序公示后不能修改'],
      [{ ...p, entry: { ...p.entry, pointsPerDraw: 150 } }, '每次抽奖消耗的积分只能降低，不能提高或取消'],
      [{ ...p, entry: { ...p.entry, pointsPerDraw: null } }, '每次抽奖消耗的积分只能降低，不能提高或取消'],
      [{ ...p, entry: { ...p.entry, freePerDay: 0 } }, '免费次数和获得抽奖机会的方式公示后不能修改'],
      [{ ...p, limits: { ...p.limits, perPrize: 1 } }, '抽奖次数和中奖上限公示后不能修改'],
      [{ ...p, audience: { ...p.audience, tiers: ['A'] } }, '参与对象公示后不能修改'],
      [
        { ...p, disclosure: { ...p.disclosure, showOdds: true } },
        '公示的主办方、联系方式、开奖和兑奖说明不能修改'
      ],
      [{ ...p, name: '新名字' }, '活动名称公示后不能修改']
    ];
    for (const [proposed, reason] of cases) expect(changeProblems(p, proposed)).toEqual([reason]);
  });
});
