import type { Collection, Filter } from 'mongodb'
import { hourOf } from '../delivery-stats-counters.ts'
import type { DeliveryStatsDocument } from '../documents.ts'

export interface DeliveryStatsQuery {
  /** Buckets from the hour `from` falls in… */
  from: Date
  /** …to the hour before `to` (exclusive). */
  to: Date
  appId?: string
}

/**
 * Reads the overview's hourly counters (kept by the delivery repository's
 * writes): at most one document per app and hour of the range, however many
 * deliveries the hours hold.
 */
export interface DeliveryStatsRepository {
  listBuckets(tenantId: string, query: DeliveryStatsQuery): Promise<DeliveryStatsDocument[]>
}

export function createDeliveryStatsRepository(stats: Collection<DeliveryStatsDocument>): DeliveryStatsRepository {
  return {
    async listBuckets(tenantId, { from, to, appId }) {
      const filter: Filter<DeliveryStatsDocument> = { tenantId, hour: { $gte: hourOf(from), $lt: to } }
      if (appId !== undefined) filter.appId = appId
      return stats.find(filter).sort({ hour: 1 }).toArray()
    },
  }
}
