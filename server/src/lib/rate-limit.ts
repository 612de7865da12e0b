/**
 * In-process fixed-window counter, for throttling abusive request rates per client (e.g.
 * login attempts per IP). Per instance by design: durable limits that must hold across
 * instances use unique-insert slots (attempt-limiter.ts) instead.
 */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number
  ) {}

  /** Counts one hit; false when the key is over its limit in the current window. */
  hit(key: string, now = Date.now()): boolean {
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size > 10_000) this.sweep(now);
      this.windows.set(key, { start: now, count: 1 });
      return true;
    }
    w.count++;
    return w.count <= this.limit;
  }

  private sweep(now: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key);
  }
}

/** What clientAddress needs of a Koa request (`ips` is empty unless the app trusts a proxy). */
export interface ForwardedRequest {
  ips: readonly string[];
  socket: { remoteAddress?: string };
}

/**
 * The address to throttle: with `trustedHops` reverse proxies in front (each appends the
 * address it received from to X-Forwarded-For), the entry `trustedHops` from the right is
 * the one the outermost trusted proxy saw. Entries left of it are written by the client and
 * never trusted (Koa's `ctx.ip` takes the left-most). With fewer entries the request did not
 * come through the proxies: the socket address.
 */
export function clientAddress(request: ForwardedRequest, trustedHops: number): string {
  const { ips } = request;
  if (ips.length >= trustedHops) return ips[ips.length - trustedHops];
  return request.socket.remoteAddress ?? 'unknown';
}
