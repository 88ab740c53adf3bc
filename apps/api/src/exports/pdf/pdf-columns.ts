import { deliveryStatusLabels } from '@hookline/core'
import type { ExportRow } from '../export-columns.ts'
import type { ExportReport } from '../export-report.ts'
import { formatUtcOffset, toWallClock } from '../utc-offset.ts'

/** Fits one piece of a cell into at most `maxLines` lines of the column's width. */
export type FitCell = (text: string, maxLines: number) => string[]

/** One column of the PDF table: its header, width in points, and how a row fills it. */
export interface PdfColumn {
  header: string
  width: number
  alignRight?: boolean
  lines(row: ExportRow, fit: FitCell): string[]
}

/** Wall-clock time in the report's zone, `2024-05-02 18:14:03`: the header names the zone once. */
export function localDateTime(instant: Date, utcOffsetMinutes: number): string {
  return toWallClock(instant, utcOffsetMinutes).toISOString().slice(0, 19).replace('T', ' ')
}

const application: PdfColumn = {
  header: 'Application',
  width: 110,
  // The name, then the id on its own line (wrapped, never elided: it is what traces the row).
  lines: (row, fit) => [...fit(row.appName, 2), ...fit(row.appId, 2)],
}

/**
 * The three ids a row is traced by, one per line. Wide enough for a typical
 * 30-character ULID id at the body size; an id of unusually wide letters
 * wraps to a second line rather than lose characters to an ellipsis.
 */
const ids: PdfColumn = {
  header: 'Delivery · event · webhook-id',
  width: 150,
  lines: (row, fit) => [...fit(row.deliveryId, 2), ...fit(row.eventId, 2), ...fit(row.webhookId, 2)],
}

/**
 * The PDF's columns for this report. A report of one application states it
 * in its title block, so its rows leave the Application column out and the
 * endpoint and last response get the room. The widths fill `tableWidth`.
 */
export function pdfColumns(report: ExportReport, tableWidth: number): PdfColumn[] {
  const oneApp = report.filter.appId !== undefined
  const spare = oneApp ? application.width / 2 : 0
  const fixed: PdfColumn[] = [
    {
      header: `Date & Time (UTC${formatUtcOffset(report.utcOffsetMinutes)})`,
      width: 74,
      lines: (row, fit) => fit(localDateTime(row.dateTime, report.utcOffsetMinutes), 2),
    },
    { header: 'Event', width: 84, lines: (row, fit) => fit(row.event, 3) },
    { header: 'Endpoint', width: 130 + spare, lines: (row, fit) => fit(row.endpoint, 3) },
    { header: 'Retries', width: 32, alignRight: true, lines: (row, fit) => fit(String(row.retryAttempts), 1) },
    { header: 'Status', width: 44, lines: (row, fit) => fit(deliveryStatusLabels[row.status], 1) },
  ]
  const before = [...(oneApp ? [] : [application]), ...fixed]
  const used = [...before, ids].reduce((sum, column) => sum + column.width, 0)
  const lastResponse: PdfColumn = {
    header: 'Last response',
    width: tableWidth - used,
    lines: (row, fit) => fit(String(row.lastResponse), 3),
  }
  return [...before, lastResponse, ids]
}
