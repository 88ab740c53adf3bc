import ExcelJS from 'exceljs'
import type { Writable } from 'node:stream'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { columnHeader, exportColumns, toExportRow, type ExportColumnKey, type ExportRecord, type ExportRow } from './export-columns.ts'
import { reportFacts, type ExportReport } from './export-report.ts'
import { untilOutputEnds, whenWritable } from './output-stream.ts'
import { formatUtcOffset, toWallClock } from './utc-offset.ts'

export const xlsxContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export const xlsxSheetNames = { rows: 'Deliveries', about: 'Report' } as const

/** Widths in characters, wide enough for typical values. */
const columnWidths: Record<ExportColumnKey, number> = {
  appId: 30,
  appName: 28,
  dateTime: 24,
  event: 26,
  endpoint: 50,
  retryAttempts: 14,
  status: 11,
  lastResponse: 36,
  deliveryId: 31,
  eventId: 31,
  webhookId: 32,
}

const columnStyles: Partial<Record<ExportColumnKey, Partial<ExcelJS.Style>>> = {
  dateTime: { numFmt: 'yyyy-mm-dd hh:mm:ss.000' },
  retryAttempts: { numFmt: '0', alignment: { horizontal: 'right' } },
}

const headerStyle = {
  font: { bold: true, color: { argb: 'FFFFFFFF' } },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } },
  alignment: { vertical: 'middle' },
  border: { bottom: { style: 'thin', color: { argb: 'FF000000' } } },
} satisfies Partial<ExcelJS.Style>

/**
 * How often the row loop lets the zip stream run and checks the output for
 * backpressure. exceljs hands finished rows to the zip without waiting, and
 * compression runs on the event loop's turns: without the pause a fast row
 * source (a cursor with a full batch) would pile the whole sheet up in memory.
 */
const rowsPerTurn = 200

function xlsxCells(row: ExportRow, utcOffsetMinutes: number): (string | number | Date | null)[] {
  return exportColumns.map(({ key }) => {
    const value = row[key]
    // Spreadsheet dates have no zone: store the reader's wall-clock time; the header names the offset.
    if (value instanceof Date) return toWallClock(value, utcOffsetMinutes)
    if (typeof value === 'number') return value
    // XML readers turn every CR and CRLF in text into LF: write what they will read.
    return value === '' ? null : value.replace(/\r\n?/g, '\n')
  })
}

/**
 * Streams the rows as an .xlsx workbook with exceljs's streaming writer:
 * each row is committed (written out and forgotten) as it arrives, and no
 * shared-strings table is kept, so memory stays flat however many rows.
 * Typed cells (dates as dates, numbers as numbers), a styled and frozen
 * header row with an autofilter over the whole table, and a second sheet
 * restating tenant, filter and time of generation. Text is never a formula
 * here, so it is written as is. Ends `out`.
 */
export async function writeXlsxExport(rows: AsyncIterable<ExportRecord>, report: ExportReport, out: Writable): Promise<void> {
  await untilOutputEnds(out, async () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
    workbook.creator = 'Hookline'
    workbook.created = report.generatedAt

    const sheet = workbook.addWorksheet(xlsxSheetNames.rows, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] })
    sheet.columns = exportColumns.map(({ key }) => ({ key, width: columnWidths[key], ...(columnStyles[key] ? { style: columnStyles[key] } : {}) }))
    const header = sheet.addRow(exportColumns.map((column) => columnHeader(column, formatUtcOffset(report.utcOffsetMinutes))))
    header.eachCell((cell) => {
      cell.style = headerStyle
    })
    header.height = 20
    header.commit()

    let rowCount = 0
    for await (const record of rows) {
      sheet.addRow(xlsxCells(toExportRow(record), report.utcOffsetMinutes)).commit()
      if (++rowCount % rowsPerTurn === 0) {
        await nextTurn()
        await whenWritable(out)
      }
    }
    // Written when the sheet closes, so it can span every row.
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: rowCount + 1, column: exportColumns.length } }
    sheet.commit()

    const about = workbook.addWorksheet(xlsxSheetNames.about)
    about.columns = [{ width: 14 }, { width: 80 }]
    for (const fact of [...reportFacts(report), { label: 'Rows', value: String(rowCount) }]) {
      const line = about.addRow([fact.label, fact.value])
      line.getCell(1).font = { bold: true }
      line.commit()
    }
    about.commit()
    await workbook.commit()
  })
}
