import type { DeliveryStatus } from '@hookline/core'
import type { Collection } from 'mongodb'
import type { ServerCapabilities } from '../capabilities/server-capabilities.ts'
import { dayOf, statsDayId } from '../delivery-stats-counters.ts'
import type { DeliveryStatsDocument, HourlyAppCounters } from '../documents.ts'
import { findByIds } from '../find-by-ids.ts'

export interface DeliveryStatsQuery {
  /** Hours from the one `from` falls in… */
  from: Date
  /** …to the hour before `to` (exclusive). */
  to: Date
  appId?: string | undefined
}

/** One app's counters for one hour. */
export interface HourlyAppStats extends Required<Pick<HourlyAppCounters, DeliveryStatus>> {
  appId: string
  hour: Date
  lastAt?: Date
  lastFailureAt?: Date
  lastError?: string
}

/**
 * Reads the overview's counters (kept by the delivery repository's writes):
 * one lookup by `_id` per day of the range, however many deliveries the days hold.
 */
export interface DeliveryStatsRepository {
  listHours(tenantId: string, query: DeliveryStatsQuery): Promise<HourlyAppStats[]>
}

const dayMs = 86_400_000
/** Ranges are checked by the API; this only bounds a mistaken caller. */
const maxDays = 400

export function createDeliveryStatsRepository(stats: Collection<DeliveryStatsDocument>, capabilities: () => Promise<ServerCapabilities>): DeliveryStatsRepository {
  return {
    async listHours(tenantId, { from, to, appId }) {
      const ids: string[] = []
      for (let day = dayOf(from).getTime(); day < to.getTime() && ids.length < maxDays; day += dayMs) ids.push(statsDayId(tenantId, new Date(day)))
      const documents = await findByIds(stats, capabilities, ids)
      const firstHour = Math.floor(from.getTime() / 3_600_000) * 3_600_000
      const hours: HourlyAppStats[] = []
      for (const document of documents) {
        for (const [hourOfDay, apps] of Object.entries(document.hours ?? {})) {
          const hour = new Date(document.day.getTime() + Number(hourOfDay) * 3_600_000)
          if (hour.getTime() < firstHour || hour.getTime() >= to.getTime()) continue
          for (const [id, counters] of Object.entries(apps)) {
            if (appId !== undefined && id !== appId) continue
            hours.push({
              appId: id,
              hour,
              pending: counters.pending ?? 0,
              retrying: counters.retrying ?? 0,
              succeeded: counters.succeeded ?? 0,
              failed: counters.failed ?? 0,
              skipped: counters.skipped ?? 0,
              ...(counters.lastAt ? { lastAt: counters.lastAt } : {}),
              ...(counters.lastFailureAt ? { lastFailureAt: counters.lastFailureAt, lastError: counters.lastError ?? '' } : {}),
            })
          }
        }
      }
      return hours.sort((a, b) => a.hour.getTime() - b.hour.getTime())
    },
  }
}
