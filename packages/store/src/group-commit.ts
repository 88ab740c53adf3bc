/**
 * Joins the work of concurrent callers into shared writes (a group commit):
 * a call made while no write is in progress is written at once; calls made
 * while one is in progress wait for it and then go together in the next.
 * Nothing waits on a timer, so a lone caller pays no extra latency, and
 * under load the number of writes falls to one per round trip instead of
 * one per caller. Each caller's promise settles with the write that
 * carried its items.
 */
export function createGroupCommit<T>(write: (items: T[]) => Promise<void>): (items: readonly T[]) => Promise<void> {
  let waiting: { items: T[]; settle: { resolve: () => void; reject: (error: unknown) => void }[] } | undefined
  let writing = false

  async function drain(): Promise<void> {
    writing = true
    while (waiting) {
      const group = waiting
      waiting = undefined
      try {
        await write(group.items)
        for (const caller of group.settle) caller.resolve()
      } catch (error) {
        for (const caller of group.settle) caller.reject(error)
      }
    }
    writing = false
  }

  return (items) =>
    new Promise<void>((resolve, reject) => {
      waiting ??= { items: [], settle: [] }
      waiting.items.push(...items)
      waiting.settle.push({ resolve, reject })
      if (!writing) void drain()
    })
}
