export interface GroupCommitOptions<T> {
  /**
   * The most a write carries, in `weight`s: callers that would take a group
   * past it start the next group instead (a caller bigger than the limit
   * goes alone). Bounds a write's size, and so its time, however many
   * callers pile up behind it. Default: no limit.
   */
  maxWeight?: number
  /** An item's share of `maxWeight` (default 1). */
  weight?: (item: T) => number
}

interface Group<T> {
  items: T[]
  weight: number
  settle: { resolve: () => void; reject: (error: unknown) => void }[]
}

/**
 * Joins the work of concurrent callers into shared writes (a group commit):
 * a call made while no write is in progress is written at once; calls made
 * while one is in progress wait for it and then go together in the next.
 * Nothing waits on a timer, so a lone caller pays no extra latency, and
 * under load the number of writes falls to one per round trip instead of
 * one per caller. Each caller's promise settles with the write that
 * carried its items; groups are written in the order their callers came.
 */
export function createGroupCommit<T>(write: (items: T[]) => Promise<void>, options: GroupCommitOptions<T> = {}): (items: readonly T[]) => Promise<void> {
  const maxWeight = options.maxWeight ?? Number.POSITIVE_INFINITY
  const weigh = options.weight ?? (() => 1)
  const waiting: Group<T>[] = []
  let writing = false

  async function drain(): Promise<void> {
    writing = true
    for (let group = waiting.shift(); group; group = waiting.shift()) {
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
      const weight = items.reduce((sum, item) => sum + weigh(item), 0)
      let group = waiting.at(-1)
      if (!group || (group.settle.length > 0 && group.weight + weight > maxWeight)) {
        group = { items: [], weight: 0, settle: [] }
        waiting.push(group)
      }
      group.items.push(...items)
      group.weight += weight
      group.settle.push({ resolve, reject })
      if (!writing) void drain()
    })
}
