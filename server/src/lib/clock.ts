/** The one source of "now", so that jobs and tests can run for a given date. */
let override: (() => Date) | null = null;

export const clock = {
  now(): Date {
    return override ? override() : new Date();
  },
  /** Tests and operator scripts only. */
  set(fn: (() => Date) | null): void {
    override = fn;
  }
};

/** Calendar date (YYYY-MM-DD) in Asia/Shanghai, where dealership days begin and end. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
