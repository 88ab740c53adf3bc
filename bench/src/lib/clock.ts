/** Milliseconds since the epoch with sub-millisecond resolution, comparable across processes. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now()
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
