import { sleep } from '../../src/lib/clock.ts'

/**
 * Polls `check` until it returns a value that `done` accepts, or fails with
 * the last value described once `timeoutMs` has passed.
 */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T>,
  done: (value: T) => boolean,
  options: { timeoutMs: number; everyMs?: number; describe?: (value: T) => string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs
  for (;;) {
    const value = await check()
    if (done(value)) return value
    if (Date.now() > deadline) {
      const detail = options.describe ? `: ${options.describe(value)}` : ''
      throw new Error(`Timed out after ${options.timeoutMs / 1000} s waiting for ${what}${detail}`)
    }
    await sleep(options.everyMs ?? 500)
  }
}
