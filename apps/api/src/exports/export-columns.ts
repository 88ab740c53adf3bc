import type { DeliveryLogRecord, DeliveryStatus } from '@hookline/core'

/** One exported row: the values, typed, before any format renders them. */
export interface ExportRow {
  appId: string
  appName: string
  /** The delivery's creation time. */
  dateTime: Date
  event: string
  endpoint: string
  retryAttempts: number
  status: DeliveryStatus
  /** The last HTTP status code, else the last error, else empty. */
  lastResponse: number | string
}

export type ExportColumnKey = keyof ExportRow

export interface ExportColumn {
  key: ExportColumnKey
  header: string
}

/** The columns of every export, in order. Formats add widths and styles keyed by `key`. */
export const exportColumns: readonly ExportColumn[] = [
  { key: 'appId', header: 'Application ID' },
  { key: 'appName', header: 'Application name' },
  { key: 'dateTime', header: 'Date & Time' },
  { key: 'event', header: 'Event' },
  { key: 'endpoint', header: 'Endpoint' },
  { key: 'retryAttempts', header: 'Retry attempts' },
  { key: 'status', header: 'Status' },
  { key: 'lastResponse', header: 'Last response' },
]

export function toExportRow(record: DeliveryLogRecord): ExportRow {
  return {
    appId: record.appId,
    appName: record.appName,
    dateTime: new Date(record.createdAt),
    event: record.eventType,
    endpoint: record.endpoint,
    retryAttempts: record.retryAttempts,
    status: record.status,
    lastResponse: record.lastStatusCode ?? record.lastError ?? '',
  }
}
