import type { Writable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { PDFDocument } from 'pdf-lib'
import { toExportRow, type ExportRecord } from './export-columns.ts'
import { describeFilter, emptyStatusCounts, type ExportReport } from './export-report.ts'
import { ExportAbortedError } from './output-stream.ts'
import { embedReportFonts } from './pdf/report-fonts.ts'
import { reportTitle, ReportLayout } from './pdf/report-layout.ts'

export const pdfContentType = 'application/pdf'

/** A PDF is built in memory before it is sent: above this many rows (HOOKLINE_PDF_ROW_LIMIT's default), export CSV or narrow the filter. */
export const pdfRowLimit = 20_000

export class PdfRowLimitError extends Error {
  constructor(readonly limit: number) {
    super(`A PDF report holds at most ${limit.toLocaleString('en-US')} rows`)
    this.name = 'PdfRowLimitError'
  }
}

export interface PdfExportOptions {
  rowLimit?: number
}

/**
 * Builds the PDF report with pdf-lib — title, tenant, filter, time of
 * generation, counts by status, then the table with its header on every
 * page and "n / N" page numbers — and writes it to `out` once complete
 * (PDF needs its cross-reference table at the end, so it cannot stream).
 * Refuses with PdfRowLimitError, before writing anything, when more than
 * `rowLimit` rows arrive. Ends `out`.
 */
export async function writePdfExport(
  rows: AsyncIterable<ExportRecord>,
  report: ExportReport,
  out: Writable,
  options: PdfExportOptions = {},
): Promise<void> {
  const rowLimit = options.rowLimit ?? pdfRowLimit
  const doc = await PDFDocument.create()
  doc.setTitle(`${reportTitle} — ${report.tenantName}`)
  doc.setSubject(describeFilter(report).map((fact) => `${fact.label}: ${fact.value}`).join('; ') || 'Every delivery')
  doc.setAuthor('Hookline')
  doc.setCreator('Hookline')
  doc.setCreationDate(report.generatedAt)
  doc.setModificationDate(report.generatedAt)

  const layout = new ReportLayout(doc, await embedReportFonts(doc), report)
  const counts = emptyStatusCounts()
  let rowCount = 0
  layout.start()
  for await (const record of rows) {
    if (++rowCount > rowLimit) throw new PdfRowLimitError(rowLimit)
    counts[record.status]++
    layout.addRow(toExportRow(record))
  }
  layout.finish(counts)
  const bytes = await doc.save()

  if (out.destroyed) throw new ExportAbortedError()
  out.end(bytes)
  try {
    await finished(out, { readable: false })
  } catch (error) {
    throw new ExportAbortedError(error)
  }
}
