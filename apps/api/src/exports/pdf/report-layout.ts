import type { PDFDocument } from 'pdf-lib'
import type { ExportRow } from '../export-columns.ts'
import { describeStatusCounts, reportFacts, type ExportReport, type StatusCounts } from '../export-report.ts'
import { formatDateTime } from '../utc-offset.ts'
import { fitText } from './fit-text.ts'
import { FontRuns } from './font-runs.ts'
import { PageCanvas } from './page-canvas.ts'
import { pdfColumns, type PdfColumn } from './pdf-columns.ts'
import type { ReportFonts } from './report-fonts.ts'

export const reportTitle = 'Webhook delivery log'

/** A4 landscape, in points. */
const pageWidth = 841.89
const pageHeight = 595.28
const margin = 30
const tableWidth = pageWidth - 2 * margin
const footerSpace = 18

const bodySize = 7
const lineHeight = 8.6
const padX = 3
const padY = 2.6

/**
 * Lays the report out page by page as rows arrive: the title block, then a
 * table whose header row repeats on every page. What depends on the whole
 * report — the summary of counts on page 1, "n / N" page numbers — is
 * drawn by `finish` into extra content streams of pages already laid out.
 */
export class ReportLayout {
  private readonly text: FontRuns
  private readonly bold: FontRuns
  private readonly canvases: PageCanvas[] = []
  private canvas!: PageCanvas
  private y = 0
  private rowsOnPage = 0
  private summaryBaseline = 0
  private readonly columns: PdfColumn[]

  constructor(
    private readonly doc: PDFDocument,
    fonts: ReportFonts,
    private readonly report: ExportReport,
  ) {
    this.text = new FontRuns(fonts.text)
    // Bold where Helvetica-Bold has the glyph; other scripts in their regular fonts.
    this.bold = new FontRuns([fonts.bold, ...fonts.text.slice(1)])
    this.columns = pdfColumns(report, tableWidth)
  }

  get pageCount(): number {
    return this.canvases.length
  }

  start(): void {
    this.newPage()
    this.canvas.text(this.bold.runs(reportTitle), margin, this.y - 16, 16)
    this.y -= 30
    for (const fact of reportFacts(this.report)) this.factLine(`${fact.label}:`, fact.value)
    this.summaryBaseline = this.y - 9
    this.y -= 22
    this.tableHeader()
  }

  addRow(row: ExportRow): void {
    const cells = this.columns.map((column) => ({
      column,
      lines: column.lines(row, (text, maxLines) => fitText(this.text, FontRuns.clean(text), column.width - 2 * padX, bodySize, maxLines)),
    }))
    const height = Math.max(1, ...cells.map((cell) => cell.lines.length)) * lineHeight + 2 * padY
    if (this.y - height < margin + footerSpace) this.continuationPage()
    if (this.rowsOnPage % 2 === 1) this.canvas.fillRect(margin, this.y - height, tableWidth, height, 0.95)
    this.drawCells(cells, this.text, 0)
    this.y -= height
    this.rowsOnPage++
  }

  /** Draws the summary and page numbers, and hands every page's content to the document. */
  finish(counts: StatusCounts): void {
    const first = this.canvases[0]!
    const label = this.bold.runs('Summary:')
    first.text(label, margin, this.summaryBaseline, 8.5)
    const labelWidth = label.reduce((sum, run) => sum + run.width, 0) * 8.5
    first.text(this.text.runs(describeStatusCounts(counts)), margin + labelWidth + 4, this.summaryBaseline, 8.5)
    const total = this.canvases.length
    const generated = formatDateTime(this.report.generatedAt, this.report.utcOffsetMinutes)
    this.canvases.forEach((canvas, index) => {
      const baseline = margin - 2
      canvas.line(margin, margin + 8, pageWidth - margin, margin + 8, 0.4, 0.7)
      canvas.text(this.text.runs(`Hookline · ${reportTitle} · generated ${generated}`), margin, baseline, 7, 0.35)
      const pageNumber = this.text.runs(`${index + 1} / ${total}`)
      const width = pageNumber.reduce((sum, run) => sum + run.width, 0) * 7
      canvas.text(pageNumber, pageWidth - margin - width, baseline, 7, 0.35)
      canvas.flush()
    })
  }

  private newPage(): void {
    this.canvas?.flush()
    this.canvas = new PageCanvas(this.doc, this.doc.addPage([pageWidth, pageHeight]))
    this.canvases.push(this.canvas)
    this.y = pageHeight - margin
    this.rowsOnPage = 0
  }

  private continuationPage(): void {
    this.newPage()
    const head = fitText(this.text, FontRuns.clean(`${reportTitle} · ${this.report.tenantName}`), tableWidth, 7.5, 1)[0] ?? ''
    this.canvas.text(this.text.runs(head), margin, this.y - 7.5, 7.5, 0.35)
    this.y -= 16
    this.tableHeader()
  }

  private factLine(label: string, value: string): void {
    const size = 8.5
    const labelRuns = this.bold.runs(label)
    const labelWidth = 62
    const [line = ''] = fitText(this.text, FontRuns.clean(value), tableWidth - labelWidth, size, 1)
    this.canvas.text(labelRuns, margin, this.y - size, size)
    this.canvas.text(this.text.runs(line), margin + labelWidth, this.y - size, size)
    this.y -= 12
  }

  private tableHeader(): void {
    const cells = this.columns.map((column) => ({ column, lines: fitText(this.bold, column.header, column.width - 2 * padX, bodySize, 2) }))
    const height = Math.max(...cells.map((cell) => cell.lines.length)) * lineHeight + 2 * padY
    this.canvas.fillRect(margin, this.y - height, tableWidth, height, 0.86)
    this.drawCells(cells, this.bold, 0)
    this.y -= height
    this.canvas.line(margin, this.y, pageWidth - margin, this.y, 0.6, 0.3)
  }

  private drawCells(cells: { column: PdfColumn; lines: string[] }[], runs: FontRuns, gray: number): void {
    let x = margin
    for (const { column: layout, lines } of cells) {
      lines.forEach((line, index) => {
        const lineRuns = runs.runs(line)
        const baseline = this.y - padY - bodySize * 0.85 - index * lineHeight
        const width = lineRuns.reduce((sum, run) => sum + run.width, 0) * bodySize
        const left = layout.alignRight ? x + layout.width - padX - width : x + padX
        this.canvas.text(lineRuns, left, baseline, bodySize, gray)
      })
      x += layout.width
    }
  }
}
