import { createHash, createHmac, randomBytes } from 'node:crypto';
import {
  drawSamples,
  hmacSha256,
  pickPrize,
  prizeAtOffset,
  seedCommitment,
  sha256,
  uniformBelow,
  utf8Bytes,
  type PrizeSpec
} from '@dealer/shared/domain/lottery';
import { SEED } from './lottery-helpers';

/**
 * The draw's fairness (docs/lottery.md "How a draw picks a prize"): our SHA-256/HMAC against
 * Node's, exact probabilities by enumeration, and a chi-square test on 100,000 draws.
 */

const spec = (id: string, weight: number, stock: number | null = 10): PrizeSpec => ({
  id,
  name: id,
  kind: stock === null ? 'none' : 'gift',
  valueFen: stock === null ? 0 : 100,
  weight,
  stock
});

describe('SHA-256 and HMAC-SHA256 in plain TypeScript', () => {
  test('equal Node’s crypto on messages of every length around the block boundaries', () => {
    for (let length = 0; length <= 200; length++) {
      const message = randomBytes(length);
      expect(Buffer.from(sha256(message)).toString('hex')).toBe(
        createHash('sha256').update(message).digest('hex')
      );
    }
  });

  test('HMAC equals Node’s for short, block-sized and long keys', () => {
    for (const keyLength of [0, 1, 32, 63, 64, 65, 200]) {
      const key = randomBytes(keyLength);
      const message = randomBytes(keyLength + 7);
      expect(Buffer.from(hmacSha256(key, message)).toString('hex')).toBe(
        createHmac('sha256', key).update(message).digest('hex')
      );
    }
  });

  test('UTF-8 of Chinese text, emoji and a lone surrogate matches Node’s encoder', () => {
    for (const text of ['draw-1', '抽奖：冬季', 'a😀b', 'x\ud800y']) {
      expect(Buffer.from(utf8Bytes(text))).toEqual(Buffer.from(text, 'utf8'));
    }
  });

  test('the commitment is sha256 of the seed’s bytes, and a seed that is not hex is refused', () => {
    expect(seedCommitment(SEED)).toBe(createHash('sha256').update(Buffer.from(SEED, 'hex')).digest('hex'));
    expect(() => seedCommitment('not hex')).toThrow();
    expect(() => pickPrize('abc', 'd1', [spec('a', 1)])).toThrow();
  });
});

describe('rejection sampling without modulo bias', () => {
  test('in a 16-value sample space every bound 1…16 maps the accepted samples evenly onto 0…bound−1', () => {
    for (let bound = 1; bound <= 16; bound++) {
      const counts = new Array<number>(bound).fill(0);
      let rejected = 0;
      for (let first = 0; first < 16; first++) {
        const samples = [first, 0];
        const result = uniformBelow(bound, () => samples.shift() as number, 16);
        if (first >= Math.floor(16 / bound) * bound) {
          rejected++;
          expect(result).toBe(0); // decided by the second sample
        } else counts[result]++;
      }
      // Every residue has exactly ⌊16 / bound⌋ accepted samples: P = 1 / bound exactly.
      expect(counts).toEqual(new Array<number>(bound).fill(Math.floor(16 / bound)));
      expect(rejected).toBe(16 % bound);
    }
  });

  test('the plain modulo the method avoids would be biased on the same space', () => {
    const counts = [0, 0, 0];
    for (let x = 0; x < 16; x++) counts[x % 3]++;
    expect(counts).toEqual([6, 5, 5]);
  });

  test('offsets 0…W−1 fall on each prize exactly weight times, in listed order', () => {
    const prizes = [spec('a', 1), spec('b', 0), spec('c', 3), spec('none', 2, null)];
    const hits = new Map<string, number>();
    for (let offset = 0; offset < 6; offset++) {
      const id = prizeAtOffset(prizes, offset).id;
      hits.set(id, (hits.get(id) ?? 0) + 1);
    }
    expect(Object.fromEntries(hits)).toEqual({ a: 1, c: 3, none: 2 });
    expect(() => prizeAtOffset(prizes, 6)).toThrow(RangeError);
  });
});

/** The documented method re-implemented independently with Node's crypto and BigInt. */
function referencePick(seedHex: string, drawId: string, prizes: readonly PrizeSpec[]): string {
  const key = Buffer.from(seedHex, 'hex');
  const total = BigInt(prizes.reduce((s, p) => s + p.weight, 0));
  const space = 1n << 48n;
  const acceptedBelow = (space / total) * total;
  let block = createHmac('sha256', key).update(drawId, 'utf8').digest();
  for (;;) {
    for (let i = 0; i + 6 <= 30; i += 6) {
      const sample = BigInt('0x' + block.subarray(i, i + 6).toString('hex'));
      if (sample < acceptedBelow) {
        let offset = sample % total;
        for (const p of prizes) {
          if (offset < BigInt(p.weight)) return p.id;
          offset -= BigInt(p.weight);
        }
      }
    }
    block = createHmac('sha256', key).update(block).digest();
  }
}

describe('pickPrize', () => {
  const prizes = [spec('car', 1), spec('wash', 50), spec('points', 200), spec('none', 749, null)];

  test('agrees with an independent implementation of the documented method on 3,000 draws', () => {
    for (let i = 0; i < 3_000; i++) {
      expect(pickPrize(SEED, `c1:${i}`, prizes)).toBe(referencePick(SEED, `c1:${i}`, prizes));
    }
  });

  test('is deterministic, and depends on the seed and the draw id', () => {
    const picks = (seed: string) => Array.from({ length: 200 }, (_, i) => pickPrize(seed, `d${i}`, prizes));
    expect(picks(SEED)).toEqual(picks(SEED));
    expect(picks(SEED)).not.toEqual(picks('00'.repeat(32)));
  });

  test('the sample stream goes on past the first block as HMAC(seed, previous block)', () => {
    const next = drawSamples(SEED, 'd1');
    const samples = Array.from({ length: 7 }, next);
    const key = Buffer.from(SEED, 'hex');
    const block0 = createHmac('sha256', key).update('d1').digest();
    const block1 = createHmac('sha256', key).update(block0).digest();
    expect(samples[4]).toBe(block0.readUIntBE(24, 6));
    expect(samples[5]).toBe(block1.readUIntBE(0, 6));
    expect(samples[6]).toBe(block1.readUIntBE(6, 6));
  });

  test('a prize of weight 0 is never picked; invalid weights are refused', () => {
    const withZero = [spec('never', 0), spec('always', 1)];
    for (let i = 0; i < 100; i++) expect(pickPrize(SEED, `z${i}`, withZero)).toBe('always');
    expect(() => pickPrize(SEED, 'd', [])).toThrow(RangeError);
    expect(() => pickPrize(SEED, 'd', [spec('a', 0)])).toThrow(RangeError);
    expect(() => pickPrize(SEED, 'd', [spec('a', 1.5)])).toThrow(RangeError);
    expect(() => pickPrize(SEED, 'd', [spec('a', -1), spec('b', 2)])).toThrow(RangeError);
  });
});

/** Pearson's statistic Σ (observed − expected)² / expected. */
function chiSquare(observed: readonly number[], probabilities: readonly number[], n: number): number {
  return observed.reduce((sum, o, i) => sum + (o - n * probabilities[i]) ** 2 / (n * probabilities[i]), 0);
}

/** Upper 1% points of the chi-square distribution by degrees of freedom (standard tables). */
const CHI_SQUARE_CRITICAL_1_PERCENT: Record<number, number> = { 3: 11.345, 4: 13.277, 5: 15.086 };

describe('100,000 simulated draws against the weights', () => {
  const prizes = [
    spec('car', 10),
    spec('gift', 90),
    spec('wash', 400),
    spec('points', 1_500),
    spec('none', 8_000, null)
  ];
  const total = prizes.reduce((s, p) => s + p.weight, 0);
  const n = 100_000;
  const seed = createHash('sha256').update('chi-square fixture').digest('hex');
  const observed = new Array<number>(prizes.length).fill(0);
  beforeAll(() => {
    for (let i = 0; i < n; i++) {
      observed[prizes.findIndex((p) => p.id === pickPrize(seed, `campaign:${i + 1}`, prizes))]++;
    }
  });

  test('pass a chi-square goodness-of-fit test at the 1% level (4 degrees of freedom)', () => {
    const statistic = chiSquare(
      observed,
      prizes.map((p) => p.weight / total),
      n
    );
    expect(observed.reduce((a, b) => a + b, 0)).toBe(n);
    expect(statistic).toBeLessThan(CHI_SQUARE_CRITICAL_1_PERCENT[prizes.length - 1]);
  });

  test('the same test rejects these draws against slightly different weights (it has power)', () => {
    const shifted = [10, 90, 450, 1_450, 8_000].map((w) => w / total);
    expect(chiSquare(observed, shifted, n)).toBeGreaterThan(CHI_SQUARE_CRITICAL_1_PERCENT[prizes.length - 1]);
  });
});
