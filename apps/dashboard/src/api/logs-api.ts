import type { DeliveryLogRecord, DeliveryStatus, LogPage } from './types.ts'
import { http } from './http.ts'
import { cleanQuery } from './typed-client.ts'

/** The filters the logs list, redelivery and exports share. Dates are ISO 8601. */
export interface LogFilter {
  appId?: string | undefined
  eventType?: string | undefined
  status?: DeliveryStatus | undefined
  from?: string | undefined
  to?: string | undefined
}

export interface LogListQuery extends LogFilter {
  limit?: number
  cursor?: string | undefined
}

export interface RedeliveryResult {
  queued: number
}

export const logsApi = {
  list: async (query: LogListQuery): Promise<LogPage> =>
    (await http.get<LogPage>('/api/v1/logs', { params: cleanQuery(query) })).data,
  get: async (id: string): Promise<DeliveryLogRecord> =>
    (await http.get<DeliveryLogRecord>(`/api/v1/logs/${encodeURIComponent(id)}`)).data,
  redeliver: async (id: string): Promise<void> => {
    await http.post(`/api/v1/logs/${encodeURIComponent(id)}/redeliver`)
  },
  redeliverMatching: async (filter: LogFilter): Promise<RedeliveryResult> =>
    (await http.post<RedeliveryResult>('/api/v1/logs/redeliver', cleanQuery(filter) ?? {})).data,
}
