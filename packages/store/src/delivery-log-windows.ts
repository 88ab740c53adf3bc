import type { DeliveryLogFilter } from './delivery-log-query.ts'

// A newest-first page read window by window. Where the server keeps its
// indexes in a structure it cannot walk in (createdAt, _id) order (DocumentDB
// answers every log query with `Limit > Sort > Bitmap Index Scan`), a query's
// cost grows with every row the filter matches, since all of them are sorted
// to return 51. Asking for the newest few minutes first, then for the minutes
// before them in windows growing geometrically, bounds what each Sort sees by
// the rows in one window, whatever the tenant's size. The windows are
// disjoint and newest first, so their pages concatenate in order.

export interface LogWindowOptions {
  /** Width of the newest window. */
  firstWidthMs: number
  /** Each next window is this many times wider than the one before. */
  growth: number
  /** Windows tried before one last query for everything older. */
  maxWindows: number
  /**
   * The most rows the newest window may be chosen to hold from the hourly
   * counters (delivery-log-counted-hours.ts); 0 never chooses it so.
   */
  maxCountedRows: number
}

export const defaultLogWindowOptions: LogWindowOptions = Object.freeze({
  // 5 min, then 20 min, 80 min, 5 h, 21 h, 3.6 d, 14 d, 57 d, then the rest.
  firstWidthMs: 5 * 60_000,
  growth: 4,
  maxWindows: 8,
  maxCountedRows: 4_000,
})

/**
 * No windows: one query over the filter's whole range, for a server that
 * walks the index in (createdAt, _id) order (ServerCapabilities.indexOrderedSort),
 * where a page costs its own rows whatever the range holds. A cursor's page
 * is still read through the cursor's instant as one range (delivery-log-windowed-read.ts),
 * which such a server also walks in order, where an `$or` may not be.
 */
export const singleRangeRead: LogWindowOptions = Object.freeze({ firstWidthMs: 0, growth: 1, maxWindows: 0, maxCountedRows: 0 })

/** One query of a windowed page: the filter's own bounds narrowed to the window. */
export interface LogWindow {
  /** Inclusive lower bound, none for the last window (all older rows). */
  from: Date | undefined
  /** Exclusive upper bound, none for the newest window (every newer row). */
  to: Date | undefined
}

/**
 * The windows of one page, newest first, counting back from `anchor` (the
 * filter's `to`, or else the newest time deliveries are known at, e.g. the
 * end of the tenant's newest counted hour). The newest window has no upper
 * bound of its own, so rows newer than the anchor are still found; only the
 * number of queries depends on it. It reaches back `firstWidthMs`, or to
 * `newestFrom` when the caller knows where the page's rows should start
 * (delivery-log-counted-hours.ts); each window after it is `growth` times
 * wider than the one before. Each window's `from`/`to` is combined with
 * the filter's own (a window never widens it). Ends once a window reaches
 * the filter's `from`, or with one window holding everything older after
 * `maxWindows`.
 */
export function* logWindows(filter: DeliveryLogFilter, anchor: Date, options: LogWindowOptions = defaultLogWindowOptions, newestFrom?: Date): Generator<LogWindow> {
  const floor = filter.from?.getTime()
  let upper: number | undefined
  let width = newestFrom === undefined ? options.firstWidthMs : Math.max(options.firstWidthMs, anchor.getTime() - newestFrom.getTime())
  let lower = newestFrom === undefined ? anchor.getTime() : newestFrom.getTime() + width
  for (let index = 0; index < options.maxWindows; index++) {
    lower -= width
    width *= options.growth
    if (floor !== undefined && lower <= floor) {
      yield { from: undefined, to: upper === undefined ? undefined : new Date(upper) }
      return
    }
    yield { from: new Date(lower), to: upper === undefined ? undefined : new Date(upper) }
    upper = lower
  }
  yield { from: undefined, to: upper === undefined ? undefined : new Date(upper) }
}

/** The filter with a window's bounds applied inside its own `from`/`to`. */
export function filterInWindow(filter: DeliveryLogFilter, window: LogWindow): DeliveryLogFilter {
  const from = latest(filter.from, window.from)
  const to = earliest(filter.to, window.to)
  return { ...filter, from, to }
}

function latest(a: Date | undefined, b: Date | undefined): Date | undefined {
  if (a === undefined) return b
  if (b === undefined) return a
  return a > b ? a : b
}

function earliest(a: Date | undefined, b: Date | undefined): Date | undefined {
  if (a === undefined) return b
  if (b === undefined) return a
  return a < b ? a : b
}
