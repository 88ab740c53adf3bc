import type { DeliveryLogRecord, DeliveryStatus } from '@hookline/core'

/**
 * A delivery as the exports read it: the fields of its log record that a
 * row shows, and its webhook-id. A whole log record is one too.
 */
export type ExportRecord = Pick<
  DeliveryLogRecord,
  'id' | 'appId' | 'appName' | 'eventId' | 'eventType' | 'endpoint' | 'status' | 'retryAttempts' | 'lastStatusCode' | 'lastError' | 'createdAt'
> & { messageId: string }

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
  /** The ids that trace a row back to the log: `dlv_…`, `evt_…` and the webhook-id header `msg_…`. */
  deliveryId: string
  eventId: string
  webhookId: string
}

export type ExportColumnKey = keyof ExportRow

export interface ExportColumn {
  key: ExportColumnKey
  header: string
}

/**
 * The columns of the CSV and Excel exports, in order; formats add widths and
 * styles keyed by `key`. The ids come last, after the columns earlier
 * exports had, so files read by column position still line up.
 */
export const exportColumns: readonly ExportColumn[] = [
  { key: 'appId', header: 'Application ID' },
  { key: 'appName', header: 'Application name' },
  { key: 'dateTime', header: 'Date & Time' },
  { key: 'event', header: 'Event' },
  { key: 'endpoint', header: 'Endpoint' },
  { key: 'retryAttempts', header: 'Retry attempts' },
  { key: 'status', header: 'Status' },
  { key: 'lastResponse', header: 'Last response' },
  { key: 'deliveryId', header: 'Delivery ID' },
  { key: 'eventId', header: 'Event ID' },
  { key: 'webhookId', header: 'Webhook ID (webhook-id)' },
]

/** The Date & Time header names the zone its times are in, e.g. "Date & Time (UTC+09:00)". */
export function columnHeader(column: ExportColumn, utcOffsetLabel: string): string {
  return column.key === 'dateTime' ? `${column.header} (UTC${utcOffsetLabel})` : column.header
}

export function toExportRow(record: ExportRecord): ExportRow {
  return {
    appId: record.appId,
    appName: record.appName,
    dateTime: new Date(record.createdAt),
    event: record.eventType,
    endpoint: record.endpoint,
    retryAttempts: record.retryAttempts,
    status: record.status,
    lastResponse: record.lastStatusCode ?? record.lastError ?? '',
    deliveryId: record.id,
    eventId: record.eventId,
    webhookId: record.messageId,
  }
}
