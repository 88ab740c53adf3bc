import type { ExportRecord } from './export-columns.ts'
import type { Writable } from 'node:stream'
import { csvContentType, writeCsvExport } from './csv-export.ts'
import type { ExportFormat } from './export-file-name.ts'
import type { ExportReport } from './export-report.ts'
import { pdfContentType, writePdfExport } from './pdf-export.ts'
import { writeXlsxExport, xlsxContentType } from './xlsx-export.ts'

export interface ExportWriter {
  /** The Content-Type header of the file. */
  contentType: string
  /** The media type alone, as the API document lists it. */
  mediaType: string
  /** Writes the rows to `out` and ends it. `rowLimit` bounds the formats built in memory (PDF); the streamed ones have none. */
  write(rows: AsyncIterable<ExportRecord>, report: ExportReport, out: Writable, options: { rowLimit: number }): Promise<void>
}

export const exportWriters: Record<ExportFormat, ExportWriter> = {
  csv: { contentType: csvContentType, mediaType: 'text/csv', write: writeCsvExport },
  xlsx: { contentType: xlsxContentType, mediaType: xlsxContentType, write: writeXlsxExport },
  pdf: { contentType: pdfContentType, mediaType: pdfContentType, write: writePdfExport },
}
