/** Runs `task` over `items` with at most `limit` in flight; resolves when all are done. */
export async function runPool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!
      await task(item)
    }
  })
  await Promise.all(lanes)
}
