import type { Writable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { csvField, csvNumberCell, csvTextCell } from './csv-fields.ts'
import { decodeExportedDelivery } from '@hookline/store'
import { CsvBsonRows } from './csv-bson-rows.ts'
import { columnHeader, exportColumns, toExportRow, type ExportColumnKey, type ExportRow } from './export-columns.ts'
import { toExportRecord, type ExportRows } from './export-records.ts'
import type { ExportReport } from './export-report.ts'
import { ExportAbortedError, whenWritable } from './output-stream.ts'
import { dateTimeFormatter, formatUtcOffset, sequentialDateTimeFormatter } from './utc-offset.ts'

export const csvContentType = 'text/csv; charset=utf-8'

/** RFC 4180's record delimiter. */
const lineEnd = '\r\n'
/** A UTF-8 byte-order mark, so spreadsheet programs read non-Latin text. */
const byteOrderMark = '\uFEFF'
/**
 * Rows are written in chunks of about this many bytes: one write per row
 * cost more than rendering it (each write is a chunk of the HTTP response's
 * chunked encoding and a read on the other side).
 */
const chunkBytes = 64 * 1024

type CsvCell = (row: ExportRow, formatDateTime: (instant: Date) => string) => string

/** How each column renders; a column added to ExportRow must say how it looks in CSV. */
const csvCells: Record<ExportColumnKey, CsvCell> = {
  appId: (row) => csvTextCell(row.appId),
  appName: (row) => csvTextCell(row.appName),
  dateTime: (row, formatDateTime) => formatDateTime(row.dateTime),
  event: (row) => csvTextCell(row.event),
  endpoint: (row) => csvTextCell(row.endpoint),
  retryAttempts: (row) => csvNumberCell(row.retryAttempts),
  status: (row) => csvTextCell(row.status),
  lastResponse: (row) => (typeof row.lastResponse === 'number' ? csvNumberCell(row.lastResponse) : csvTextCell(row.lastResponse)),
  deliveryId: (row) => csvTextCell(row.deliveryId),
  eventId: (row) => csvTextCell(row.eventId),
  webhookId: (row) => csvTextCell(row.webhookId),
}
const cellsInOrder = exportColumns.map(({ key }) => csvCells[key])

/** One row rendered from its record: for a document the byte reader refuses (csv-bson-rows.ts), and the reference its output must equal. */
export function csvLine(row: ExportRow, formatDateTime: (instant: Date) => string): string {
  let line = cellsInOrder[0]!(row, formatDateTime)
  for (let index = 1; index < cellsInOrder.length; index++) line += `,${cellsInOrder[index]!(row, formatDateTime)}`
  return line + lineEnd
}

/** Writes `text` and waits while `out`'s buffer is full, so a slow reader slows the database cursor instead of filling memory. */
async function writeChunk(out: Writable, chunk: string | Buffer): Promise<void> {
  if (out.destroyed) throw new ExportAbortedError()
  out.write(chunk)
  await whenWritable(out)
}

/**
 * Streams the rows as RFC 4180 CSV (CRLF line ends; fields with commas,
 * semicolons, tabs, quotes or line breaks quoted, quotes doubled) in UTF-8
 * with a byte-order mark, so spreadsheet programs read non-Latin text.
 * Formula-like text cells are neutralised. Ends `out`; a failure destroys it.
 *
 * Rendered here rather than by exceljs (which writes CSV only from a whole
 * in-memory workbook) or csv-stringify (a transform stream of one record at
 * a time, which cost more than the database read at 100,000 rows): the
 * quoting rule is the few lines of csv-fields.ts, and the file reads back
 * through a real CSV parser in the tests. Rows are written from the stored
 * documents' bytes (csv-bson-rows.ts), not from decoded records.
 */
export async function writeCsvExport(rows: ExportRows, report: ExportReport, out: Writable): Promise<void> {
  const formatDateTime = dateTimeFormatter(report.utcOffsetMinutes)
  // The header names the zone, as the Excel one does; each cell carries its offset too.
  const utcOffsetLabel = formatUtcOffset(report.utcOffsetMinutes)
  const header = byteOrderMark + exportColumns.map((column) => csvField(columnHeader(column, utcOffsetLabel))).join(',') + lineEnd
  const lines = new CsvBsonRows(sequentialDateTimeFormatter(report.utcOffsetMinutes), chunkBytes)
  try {
    // At once, before the first row is read: the download starts, and streams (chunked) however few rows follow.
    await writeChunk(out, header)
    for await (const batch of rows) {
      for (const document of batch) {
        // Nearly every row is written from its bytes; one the byte reader does not expect, from its record.
        if (!lines.appendDocument(document)) lines.appendLine(csvLine(toExportRow(toExportRecord(decodeExportedDelivery(document))), formatDateTime))
        if (lines.full) await writeChunk(out, lines.take())
      }
    }
    if (out.destroyed) throw new ExportAbortedError()
    out.end(lines.take())
    await finished(out, { readable: false })
  } catch (error) {
    out.destroy(error as Error)
    throw error
  }
}
