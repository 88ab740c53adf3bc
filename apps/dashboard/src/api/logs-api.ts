import { api } from './typed-client.ts'
import type {
  BulkRedeliveryResult,
  DeliveryLog,
  DeliveryLogDetail,
  LogCount,
  LogCountQuery,
  LogFilter,
  LogListQuery,
  LogPage,
} from './types.ts'

export type { LogFilter } from './types.ts'

/** The delivery log of the signed-in user's tenant (Managers and Administrators). */
export const logsApi = {
  list: (query: LogListQuery): Promise<LogPage> => api.get('/api/v1/logs', { query }),
  /** Matching deliveries, exact up to 10,000 (`capped` past that). */
  count: (query: LogCountQuery): Promise<LogCount> => api.get('/api/v1/logs/count', { query }),
  get: (deliveryId: string): Promise<DeliveryLogDetail> =>
    api.get('/api/v1/logs/{deliveryId}', { path: { deliveryId } }),
  /** A new delivery of the same event to the same app, same webhook-id. */
  redeliver: (deliveryId: string): Promise<DeliveryLog> =>
    api.post('/api/v1/logs/{deliveryId}/redeliver', { path: { deliveryId } }),
  /** Every delivery the filter selects (at least one field), sent again once per app. */
  redeliverMatching: (filter: LogFilter): Promise<BulkRedeliveryResult> =>
    api.post('/api/v1/logs/redeliver', { body: filter }),
}
