export interface PollOptions {
  intervalMs: number
  isCancelled: () => boolean
  /** Give up after this many polls (the server keeps working; the page can be reopened). */
  maxPolls?: number
  sleep?: (ms: number) => Promise<void>
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Calls `load` until `isDone`, reporting each result; null when cancelled or out of polls. */
export async function pollUntil<T>(
  load: () => Promise<T>,
  isDone: (value: T) => boolean,
  onUpdate: (value: T) => void,
  options: PollOptions
): Promise<T | null> {
  const sleep = options.sleep ?? defaultSleep
  const maxPolls = options.maxPolls ?? 3600
  for (let i = 0; i < maxPolls; i += 1) {
    if (options.isCancelled()) return null
    const value = await load()
    if (options.isCancelled()) return null
    onUpdate(value)
    if (isDone(value)) return value
    await sleep(options.intervalMs)
  }
  return null
}
