/**
 * Which prize a draw picks (docs/lottery.md "How a draw picks a prize").
 *
 * The outcome is a deterministic function of the campaign's secret seed and the draw's id:
 *
 *   block₀ = HMAC-SHA256(key = seed bytes, message = UTF-8 of drawId)
 *   blockₖ = HMAC-SHA256(key = seed bytes, message = blockₖ₋₁)        (only if ever needed)
 *
 * Each 32-byte block is read as five big-endian 48-bit integers (bytes 0–5, 6–11, …, 24–29;
 * bytes 30–31 unused). 48 bits are exact in a JavaScript number, so every runtime (Node,
 * browser, WeChat) computes the same thing without BigInt.
 *
 * No modulo bias: with W = Σ weights, a sample x is accepted only if
 * x < ⌊2⁴⁸ / W⌋ · W; then r = x mod W is uniform on 0 … W−1, because every residue has
 * exactly ⌊2⁴⁸ / W⌋ preimages among the accepted values. A rejected sample is discarded
 * and the next one read (probability below W / 2⁴⁸ < 4·10⁻⁶ for W ≤ 10⁹). Then r walks the
 * prizes in their listed order: the prize whose cumulative weight range [c, c + weight)
 * contains r is picked, so P(prize) = weight / W exactly.
 */
import { bytesToHex, hexToBytes, hmacSha256, sha256, utf8Bytes } from './sha256';
import type { PrizeSpec } from './types';

export const SAMPLE_BITS = 48;
const SAMPLE_BYTES = SAMPLE_BITS / 8;
const SAMPLES_PER_BLOCK = Math.floor(32 / SAMPLE_BYTES);
const SAMPLE_SPACE = 2 ** SAMPLE_BITS;

/** Largest Σ weights a campaign may have (keeps rejections negligible). */
export const MAX_TOTAL_WEIGHT = 1_000_000_000;

/** sha256 hex of the seed's bytes: the commitment published when the campaign is published. */
export function seedCommitment(seedHex: string): string {
  return bytesToHex(sha256(hexToBytes(seedHex)));
}

/**
 * A uniform integer in 0 … bound−1 from samples uniform in 0 … sampleSpace−1, by rejection
 * (no modulo bias). Exposed with a free sample space so the tests can enumerate it.
 */
export function uniformBelow(bound: number, nextSample: () => number, sampleSpace: number): number {
  if (!Number.isSafeInteger(bound) || bound < 1 || bound > sampleSpace)
    throw new RangeError('bound out of range');
  const acceptedBelow = Math.floor(sampleSpace / bound) * bound;
  for (;;) {
    const sample = nextSample();
    if (sample < acceptedBelow) return sample % bound;
  }
}

/** The draw's stream of 48-bit samples (see the header comment). */
export function drawSamples(seedHex: string, drawId: string): () => number {
  const key = hexToBytes(seedHex);
  let block = hmacSha256(key, utf8Bytes(drawId));
  let index = 0;
  return () => {
    if (index === SAMPLES_PER_BLOCK) {
      block = hmacSha256(key, block);
      index = 0;
    }
    let sample = 0;
    const start = index * SAMPLE_BYTES;
    for (let i = start; i < start + SAMPLE_BYTES; i++) sample = sample * 256 + block[i];
    index++;
    return sample;
  };
}

/** Why these prizes cannot be drawn from (English, for programmers), or null. */
export function weightProblem(prizes: readonly PrizeSpec[]): string | null {
  if (prizes.length === 0) return 'no prizes';
  if (prizes.some((p) => !Number.isSafeInteger(p.weight) || p.weight < 0))
    return 'weights must be non-negative integers';
  const total = totalWeight(prizes);
  if (total === 0) return 'the weights add up to 0';
  if (total > MAX_TOTAL_WEIGHT) return `the weights add up to more than ${MAX_TOTAL_WEIGHT}`;
  return null;
}

export function totalWeight(prizes: readonly PrizeSpec[]): number {
  return prizes.reduce((sum, p) => sum + p.weight, 0);
}

/** The prize whose cumulative weight range contains `offset` (0 ≤ offset < Σ weights). */
export function prizeAtOffset(prizes: readonly PrizeSpec[], offset: number): PrizeSpec {
  let end = 0;
  for (const prize of prizes) {
    end += prize.weight;
    if (offset < end) return prize;
  }
  throw new RangeError('offset beyond the total weight');
}

/** The id of the prize the draw picks; throws on a seed that is not hex or invalid weights. */
export function pickPrize(seedHex: string, drawId: string, prizes: readonly PrizeSpec[]): string {
  const problem = weightProblem(prizes);
  if (problem) throw new RangeError(problem);
  const offset = uniformBelow(totalWeight(prizes), drawSamples(seedHex, drawId), SAMPLE_SPACE);
  return prizeAtOffset(prizes, offset).id;
}

/** The prize a draw gets instead when its pick cannot be awarded: the first 'none' prize. */
export function fallbackPrize(prizes: readonly PrizeSpec[]): PrizeSpec | null {
  return prizes.find((p) => p.kind === 'none') ?? null;
}
