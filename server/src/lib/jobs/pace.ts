import { TokenBucket } from './token-bucket';

/** One bucket per rate per process, so concurrent runs share WeChat's per-app limit. */
const buckets = new Map<number, TokenBucket>();

export function sharedBucket(ratePerSecond: number): TokenBucket {
  let bucket = buckets.get(ratePerSecond);
  if (!bucket) {
    bucket = new TokenBucket(ratePerSecond);
    buckets.set(ratePerSecond, bucket);
  }
  return bucket;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
