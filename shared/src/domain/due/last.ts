/**
 * The last element, or undefined. `Array.prototype.at` is ES2022, newer than what the
 * mini-program targets (ES2020 library, older WeChat JS engines), and this engine runs there too.
 */
export function lastOf<T>(items: readonly T[]): T | undefined {
  return items.length === 0 ? undefined : items[items.length - 1];
}
