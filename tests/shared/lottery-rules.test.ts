import { rulesDocument, seedCommitment } from '@dealer/shared/domain/lottery';
import { SEED, validTerms } from './lottery-helpers';

/** The public rules page is generated from the terms: every SAMR item, in Chinese. */

const text = (sections: ReturnType<typeof rulesDocument>) =>
  sections.map((s) => `${s.title}\n${s.lines.join('\n')}`).join('\n');

describe('rulesDocument', () => {
  test('discloses every item the SAMR rules list, from the terms themselves', () => {
    const terms = validTerms();
    const sections = rulesDocument(terms, seedCommitment(SEED), null);
    expect(sections.map((s) => s.key)).toEqual([
      'organiser',
      'window',
      'audience',
      'entry',
      'prizes',
      'draw',
      'claim',
      'forfeit',
      'fairness',
      'records'
    ]);
    const page = text(sections);
    for (const expected of [
      '主办方：上海某某汽车销售服务有限公司',
      '联系方式：021-12345678',
      '2026年12月1日 08:00 至 2027年1月1日 00:00（北京时间）',
      'A 级、B 级客户',
      '活动现场扫码并授权手机号的新客户',
      '每人每天免费抽奖 1 次',
      '每消耗 100 积分可抽奖 1 次',
      '活动期间绑定车辆，可获得 1 次抽奖机会',
      '每人每天最多抽奖 3 次',
      '奖品种类：优惠券、积分、实物礼品',
      '免费洗车券（优惠券）：市场价值 ¥50.00，共 50 份',
      '200 积分（积分，200 积分）：市场价值 ¥20.00，共 200 份',
      '汽车脚垫（实物礼品）：市场价值 ¥300.00，共 10 份',
      '开奖方式：小程序在线即时抽奖',
      '同一奖项每人最多获得 2 份',
      '不会中奖',
      '兑奖截止：2027年1月16日 00:00',
      '奖品交付：实物奖品到店自提',
      '逾期未领取视为放弃',
      `种子哈希（SHA-256）：${seedCommitment(SEED)}`,
      '种子将在活动结束后公布',
      '至少保存 2 年'
    ])
      expect(page).toContain(expected);
    expect(page).not.toMatch(/undefined|null|NaN/);
  });

  test('shows odds instead of quantities when the campaign chooses odds', () => {
    const terms = validTerms();
    const page = text(
      rulesDocument({ ...terms, disclosure: { ...terms.disclosure, showOdds: true } }, null, null)
    );
    expect(page).toContain('免费洗车券（优惠券）：市场价值 ¥50.00，中奖概率 20%');
    expect(page).toContain('谢谢参与：中奖概率 45%');
    expect(page).not.toContain('共 50 份');
    expect(page).toContain('种子哈希将在活动发布时公示');
  });

  test('shows the seed once revealed, and a segment by its name', () => {
    const terms = validTerms();
    const withSegment = { ...terms, audience: { ...terms.audience, segmentId: 'seg-1' } };
    const page = text(rulesDocument(withSegment, seedCommitment(SEED), SEED, { segmentName: '三年未回厂' }));
    expect(page).toContain(`种子：${SEED}`);
    expect(page).toContain('客户分组：三年未回厂');
  });
});
