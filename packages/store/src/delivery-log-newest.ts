import type { Collection } from 'mongodb'
import type { DeliveryStatsDocument } from './documents.ts'

const hourMs = 3_600_000

/**
 * The end of the newest hour in which the overview's counters saw one of the
 * tenant's deliveries created, read from its newest day document (a few
 * small documents per tenant, whatever the size of its log); `fallback` when
 * it has none. Only a hint for where a windowed log read starts counting
 * back (delivery-log-windows.ts): a counter that lags a write costs a window
 * more, never a row.
 */
export async function newestCountedHourEnd(stats: Collection<DeliveryStatsDocument>, tenantId: string, fallback: Date): Promise<Date> {
  const [newest] = await stats.find({ tenantId }, { projection: { day: 1, hours: 1 } }).sort({ day: -1 }).limit(1).toArray()
  if (!newest) return fallback
  const hours = Object.keys(newest.hours ?? {})
    .map(Number)
    .filter((hour) => Number.isInteger(hour))
  const lastHour = hours.length > 0 ? Math.max(...hours) : 23
  return new Date(newest.day.getTime() + (lastHour + 1) * hourMs)
}
