import { decodeExportedDelivery, type ExportedDelivery } from '@hookline/store'
import type { ExportRecord } from './export-columns.ts'

/**
 * A stored delivery as an export record: the fields a row shows and no
 * more. Lighter than the store's `toDeliveryLogRecord`, whose optional
 * fields spread into each record cost more per row than writing the row.
 * The same values: no status code when the stored one is null, no error
 * when it is empty.
 */
export function toExportRecord(delivery: ExportedDelivery): ExportRecord {
  return {
    id: delivery._id,
    appId: delivery.appId,
    appName: delivery.appName,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    endpoint: delivery.endpoint,
    messageId: delivery.messageId,
    status: delivery.status,
    retryAttempts: delivery.retryAttempts,
    lastStatusCode: delivery.lastStatusCode ?? undefined,
    lastError: delivery.lastError || undefined,
    createdAt: delivery.createdAt.toISOString(),
  }
}

/**
 * An export's rows as the store hands them over (`exportRawBatches`): each
 * a BSON document of the exported fields, a batch at a time, in order.
 * The CSV writer reads fields from the bytes; the others decode records.
 */
export type ExportRows = AsyncIterable<readonly Uint8Array[]>

/** The records of each batch in turn, in order. */
export async function* exportRecords(rows: ExportRows): AsyncGenerator<ExportRecord> {
  for await (const batch of rows) {
    for (const document of batch) yield toExportRecord(decodeExportedDelivery(document))
  }
}
