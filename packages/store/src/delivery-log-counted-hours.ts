import type { Collection } from 'mongodb'
import type { DeliveryLogFilter } from './delivery-log-query.ts'
import { dayOf, hourOf, statsDayId } from './delivery-stats-counters.ts'
import type { DeliveryStatsDocument, HourlyAppCounters } from './documents.ts'
import { readFirstBatch } from './read-first-batch.ts'

const hourMs = 3_600_000
const dayMs = 24 * hourMs
const countedStatuses = ['pending', 'retrying', 'succeeded', 'failed', 'skipped'] as const

/**
 * How many of a tenant's deliveries the overview's counters saw created in
 * each hour (hour start in ms → count), over the newest two counted days (or
 * the two days up to `anchor`). Only an estimate for choosing where a
 * windowed log read starts (delivery-log-first-window.ts): counters that
 * lag a write cost a query more, never a row.
 */
export interface CountedHours {
  counts: Map<number, number>
  /** The end of the newest hour with a count, undefined when the tenant has none. */
  newestHourEnd: Date | undefined
}

/**
 * Reads the day documents: by `_id` when the read has an anchor (the
 * filter's `to` or a cursor: a primary-key lookup), else the tenant's newest
 * two through `tenant_newest_day`. Counts only what the counters can tell
 * apart: the app and the status; other filters (event type, changedFrom)
 * are counted as if they matched every row, which can only make the first
 * window too narrow, never too wide.
 */
export async function readCountedHours(stats: Collection<DeliveryStatsDocument>, tenantId: string, filter: DeliveryLogFilter, anchor: Date | undefined): Promise<CountedHours> {
  const projection = { day: 1, hours: 1 }
  let days: DeliveryStatsDocument[]
  if (anchor === undefined) {
    days = await readFirstBatch(stats.find({ tenantId }, { projection }).sort({ day: -1 }), 2)
  } else {
    const lastDay = dayOf(new Date(anchor.getTime() - 1))
    const ids = [statsDayId(tenantId, lastDay), statsDayId(tenantId, new Date(lastDay.getTime() - dayMs))]
    days = await stats.find({ _id: { $in: ids } }, { projection }).toArray()
  }
  const counts = new Map<number, number>()
  let newest: number | undefined
  for (const day of days) {
    for (const [hour, apps] of Object.entries(day.hours ?? {})) {
      if (!Number.isInteger(Number(hour))) continue
      const start = day.day.getTime() + Number(hour) * hourMs
      const count = countMatching(apps, filter)
      if (count > 0) counts.set(start, count)
      if (newest === undefined || start > newest) newest = start
    }
  }
  return { counts, newestHourEnd: newest === undefined ? undefined : new Date(newest + hourMs) }
}

function countMatching(apps: Record<string, HourlyAppCounters>, filter: DeliveryLogFilter): number {
  let total = 0
  for (const [appId, counters] of Object.entries(apps)) {
    if (filter.appId !== undefined && appId !== filter.appId) continue
    for (const status of countedStatuses) {
      if (filter.status !== undefined && status !== filter.status) continue
      total += counters[status] ?? 0
    }
  }
  return total
}

/** How many times the rows a page needs an estimated window is made to hold, for rows spread unevenly. */
const spreadMargin = 2

/**
 * Where the newest window of a page should start so that it holds the
 * `wanted` newest rows before `anchor`, walking back hour by hour from the
 * anchor's hour until the counted rows reach `wanted`. Rows of the anchor's
 * own hour are counted in proportion to the part of the hour before the
 * anchor. With `spread` (the anchor is an instant rows are known to reach:
 * a cursor, or the filter's `to`) the rows of the hour that completes the
 * page are taken as spread evenly over it, and the window starts where
 * twice the rows still needed begin; without it (the end of the newest
 * counted hour, where a tenant idle since 13:46 has no row after it) the
 * window starts at that whole hour. Undefined when the counters do not
 * reach `wanted`, or when the window would hold more than `maxRows` (a busy
 * tenant: then the geometric windows of delivery-log-windows.ts start small).
 */
export function countedWindowStart(hours: CountedHours, anchor: Date, wanted: number, maxRows: number, spread = false): Date | undefined {
  const anchorMs = anchor.getTime()
  const oldest = Math.min(...hours.counts.keys())
  let total = 0
  for (let hour = hourOf(new Date(anchorMs - 1)).getTime(); hour >= oldest; hour -= hourMs) {
    const span = Math.min(hourMs, anchorMs - hour)
    const rows = (hours.counts.get(hour) ?? 0) * (span / hourMs)
    if (total + rows >= wanted) {
      if (!spread) return total + rows > maxRows ? undefined : new Date(hour)
      const share = Math.min(1, ((wanted - total) * spreadMargin) / rows)
      return total + rows * share > maxRows ? undefined : new Date(Math.floor(hour + span - share * span))
    }
    total += rows
    if (total > maxRows) return undefined
  }
  return undefined
}
