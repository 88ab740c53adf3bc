import { api } from './typed-client.ts'
import type { DeliveryStats, DeliveryStatsQuery } from './types.ts'

/** The overview's numbers, computed on the server from hourly counters. */
export const statsApi = {
  deliveries: (query: DeliveryStatsQuery): Promise<DeliveryStats> =>
    api.get('/api/v1/stats/deliveries', { query }),
}
