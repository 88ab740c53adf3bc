import { stringify } from 'csv-stringify'
import { Readable, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { columnHeader, exportColumns, toExportRow, type ExportRecord, type ExportRow } from './export-columns.ts'
import type { ExportReport } from './export-report.ts'
import { neutraliseFormula } from './formula-neutralisation.ts'
import { formatDateTime, formatUtcOffset } from './utc-offset.ts'

export const csvContentType = 'text/csv; charset=utf-8'

function csvCells(row: ExportRow, utcOffsetMinutes: number): (string | number)[] {
  return exportColumns.map(({ key }) => {
    const value = row[key]
    if (value instanceof Date) return formatDateTime(value, utcOffsetMinutes)
    return typeof value === 'number' ? value : neutraliseFormula(value)
  })
}

/**
 * Every text field holding one of these is quoted: RFC 4180's comma, quote
 * and line breaks, plus the semicolon and the tab, which spreadsheets in
 * semicolon locales (and tab-separated imports) take as field separators.
 */
const mustQuote = /[,;"\t\r\n]/

/**
 * Streams the rows as RFC 4180 CSV (CRLF line ends; fields with commas,
 * semicolons, tabs, quotes or line breaks quoted, quotes doubled) in UTF-8 with a byte-order
 * mark, so spreadsheet programs read non-Latin text. Formula-like text cells
 * are neutralised. Ends `out`; a failure destroys it.
 *
 * csv-stringify rather than exceljs: exceljs writes CSV only from a whole
 * in-memory workbook, while csv-stringify is a stream with backpressure.
 */
export async function writeCsvExport(rows: AsyncIterable<ExportRecord>, report: ExportReport, out: Writable): Promise<void> {
  async function* records() {
    // The header names the zone, as the Excel one does; each cell carries its offset too.
    yield exportColumns.map((column) => columnHeader(column, formatUtcOffset(report.utcOffsetMinutes)))
    for await (const record of rows) yield csvCells(toExportRow(record), report.utcOffsetMinutes)
  }
  // An explicit record delimiter turns off quoting of lone \n and \r unless asked for.
  const stringifier = stringify({
    bom: true,
    record_delimiter: 'windows',
    quote_record_delimiter: true,
    quoted_match: mustQuote,
    quote: '"',
    escape: '"',
  })
  await pipeline(Readable.from(records()), stringifier, out)
}
