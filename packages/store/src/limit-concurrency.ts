/** Runs at most `limit` of the commands given to it at a time; the rest wait in order. */
export function limitConcurrency(limit: number): <T>(command: () => Promise<T>) => Promise<T> {
  let running = 0
  const waiting: (() => void)[] = []
  return async (command) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve))
    running++
    try {
      return await command()
    } finally {
      running--
      waiting.shift()?.()
    }
  }
}
