import type { Writable } from 'node:stream'
import { csvContentType, writeCsvExport } from './csv-export.ts'
import type { ExportFormat } from './export-file-name.ts'
import { exportRecords, type ExportRows } from './export-records.ts'
import type { ExportReport } from './export-report.ts'
import { pdfContentType, writePdfExport } from './pdf-export.ts'
import { writeXlsxExport, xlsxContentType } from './xlsx-export.ts'

export interface ExportWriter {
  /** The Content-Type header of the file. */
  contentType: string
  /** The media type alone, as the API document lists it. */
  mediaType: string
  /** Writes the rows to `out` and ends it. `rowLimit` bounds the formats built in memory (PDF); the streamed ones have none. */
  write(rows: ExportRows, report: ExportReport, out: Writable, options: { rowLimit: number }): Promise<void>
}

export const exportWriters: Record<ExportFormat, ExportWriter> = {
  csv: { contentType: csvContentType, mediaType: 'text/csv', write: writeCsvExport },
  // Excel and PDF cells are built from records; CSV lines are written from the rows' bytes.
  xlsx: { contentType: xlsxContentType, mediaType: xlsxContentType, write: (rows, report, out) => writeXlsxExport(exportRecords(rows), report, out) },
  pdf: { contentType: pdfContentType, mediaType: pdfContentType, write: (rows, report, out, options) => writePdfExport(exportRecords(rows), report, out, options) },
}
