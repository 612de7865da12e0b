/** An answer from WeChat that is not a success, or no answer at all. */
export class WechatError extends Error {
  constructor(
    readonly api: string,
    /** WeChat's errcode; -1 for busy, 0 never; null for HTTP 5xx, timeouts and network errors. */
    readonly errcode: number | null,
    message: string,
    /** For errcode null: what went wrong on the way (a timeout may still have been processed). */
    readonly transport: 'http5xx' | 'timeout' | 'network' | 'unreadable' | null = null
  ) {
    super(`${api}: ${message}`);
  }

  /** Worth trying again later: WeChat busy, server errors, timeouts. */
  get transient(): boolean {
    return this.errcode === null || this.errcode === -1;
  }
}

export const TOKEN_EXPIRED_CODES = new Set([40001, 42001]);
