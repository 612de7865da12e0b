/**
 * Paces calls to an external API at `ratePerSecond` (per process). Tokens accrue
 * continuously up to `burst`; `take()` resolves when a token is available. Waiters are
 * served in order with one timer, so thousands of queued senders cost no CPU while waiting.
 *
 * WeChat counts calls in a sliding window, so the burst is kept small: a bucket that
 * allows `burst + rate` calls in some second would be refused (45009) for the excess; the
 * burst is a hundredth of a second's worth.
 */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();
  private readonly waiters: Array<() => void> = [];
  private timer: NodeJS.Timeout | null = null;
  readonly burst: number;

  constructor(
    readonly ratePerSecond: number,
    burst?: number
  ) {
    if (!(ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive');
    this.burst = burst ?? Math.max(1, Math.floor(ratePerSecond / 100));
    this.tokens = this.burst;
  }

  private refill(): void {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.ratePerSecond) / 1000);
    this.last = now;
  }

  take(): Promise<void> {
    this.refill();
    if (this.waiters.length === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.timer !== null) return;
    const wait = Math.max(1, ((1 - this.tokens) * 1000) / this.ratePerSecond);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.refill();
      while (this.waiters.length > 0 && this.tokens >= 1) {
        this.tokens -= 1;
        this.waiters.shift()?.();
      }
      if (this.waiters.length > 0) this.schedule();
    }, wait);
  }
}
