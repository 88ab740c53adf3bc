// The newest rows of one tenant's delivery log, kept where the server cannot
// find them itself without scanning every delivery (FerretDB 1.24 on SQLite
// pushes down only an exact `_id`). A head lists the (createdAt, _id) of the
// newest deliveries ever announced to it, in the log's order, and says how
// far down that list is known to hold every live delivery.
//
// Why it stays exact: a delivery is announced to the head before it is
// inserted, and each version of the head is built from the one before it
// (delivery-log-head-chain.ts), so the head is the newest `capacity` keys of
// a superset of the log. Rows deleted since, or announced and never inserted,
// only leave keys that read as missing. What it cannot know alone are rows
// written before heads existed; a scan of the log "seeds" it with those.

/** A row's place in the log: newest first by createdAt, then by _id. */
export interface LogKey {
  createdAt: Date
  id: string
}

export interface LogHead {
  /** Keys, newest first, no duplicates, at most `logHeadCapacity`. */
  entries: LogKey[]
  /**
   * False until a scan of the log has been merged in: before that, rows
   * written before the head existed may be missing from it, and it proves nothing.
   */
  seeded: boolean
  /**
   * Once seeded, every live delivery at or above this key is in `entries`;
   * null: every live delivery of the tenant is.
   */
  floor: LogKey | null
}

/** Keys a head keeps: a few pages of 50, so deleted rows rarely leave a page short. */
export const logHeadCapacity = 200

export const emptyLogHead: LogHead = Object.freeze({ entries: [], seeded: false, floor: null })

/** Negative when `a` comes first in the log (is newer). */
export function compareLogKeys(a: LogKey, b: LogKey): number {
  const time = b.createdAt.getTime() - a.createdAt.getTime()
  if (time !== 0) return time
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1
}

export function logKeyOf(row: { createdAt: Date; _id: string }): LogKey {
  return { createdAt: row.createdAt, id: row._id }
}

/** The head with these keys announced (before their rows are inserted). */
export function withAnnounced(head: LogHead, keys: readonly LogKey[]): LogHead {
  return trimmed({ ...head, entries: [...head.entries, ...keys] })
}

/** The head without these deleted rows' keys; what it proves is unchanged. */
export function withRemoved(head: LogHead, ids: ReadonlySet<string>): LogHead {
  return { ...head, entries: head.entries.filter((entry) => !ids.has(entry.id)) }
}

/**
 * The head with a scan's rows merged in. `rows` are the first rows of the
 * tenant's log, newest first, from one query limited to `limit`: every live
 * delivery down to the last of them is among them (all of them when the
 * query found fewer than it asked for). Deliveries written after the scan
 * are announced to the head by their writers, so the merge proves the head
 * down to the scan's last row, or to the end of the log.
 */
export function withScan(head: LogHead, rows: readonly LogKey[], limit: number): LogHead {
  const scanFloor = rows.length < limit ? null : rows[rows.length - 1]!
  const floor = head.seeded ? lowest(head.floor, scanFloor) : scanFloor
  return trimmed({ entries: [...head.entries, ...rows], seeded: true, floor })
}

/** The keys the head proves, in log order: every live delivery down to the floor. */
export function provenEntries(head: LogHead): LogKey[] {
  if (!head.seeded) return []
  const floor = head.floor
  return floor === null ? head.entries : head.entries.filter((entry) => compareLogKeys(entry, floor) <= 0)
}

/** Sorted, deduplicated and cut to capacity; cutting raises the floor to the last key kept. */
function trimmed(head: LogHead): LogHead {
  const byId = new Map(head.entries.map((entry) => [entry.id, entry]))
  const sorted = [...byId.values()].sort(compareLogKeys)
  if (sorted.length <= logHeadCapacity) return { ...head, entries: sorted }
  const entries = sorted.slice(0, logHeadCapacity)
  const last = entries[entries.length - 1]!
  const floor = head.floor === null || compareLogKeys(last, head.floor) < 0 ? last : head.floor
  return { ...head, entries, floor }
}

/** The lower (older) of two floors; null is below every key. */
function lowest(a: LogKey | null, b: LogKey | null): LogKey | null {
  if (a === null || b === null) return null
  return compareLogKeys(a, b) > 0 ? a : b
}
