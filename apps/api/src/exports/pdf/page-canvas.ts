import type { PDFDocument, PDFFont, PDFName, PDFPage } from 'pdf-lib'
import type { TextRun } from './font-runs.ts'

/** A gray level, 0 (black) to 1 (white). */
export type Gray = number

const number = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2))

/**
 * Writes one page's drawing operators as raw content-stream text and adds
 * them to the page as one compressed stream. pdf-lib's drawText builds a
 * dozen operator objects per call and lays text out again each time; a
 * 20,000-row report draws 160,000 cells, so the table is written this way.
 * Text is still encoded by pdf-lib (`PDFFont.encodeText`), which records
 * the glyphs for the font subset.
 */
export class PageCanvas {
  private readonly operators: string[] = []
  private readonly fontKeys = new Map<PDFFont, PDFName>()

  constructor(
    private readonly doc: PDFDocument,
    readonly page: PDFPage,
  ) {}

  private fontKey(font: PDFFont): string {
    let key = this.fontKeys.get(font)
    if (!key) {
      key = this.page.node.newFontDictionary(font.name, font.ref)
      this.fontKeys.set(font, key)
    }
    return key.toString()
  }

  /** Draws runs left to right from (x, y), the baseline. */
  text(runs: readonly TextRun[], x: number, y: number, size: number, gray: Gray = 0): void {
    const parts = ['BT', `${number(gray)} g`]
    let cursor = x
    for (const run of runs) {
      parts.push(`${this.fontKey(run.font)} ${number(size)} Tf 1 0 0 1 ${number(cursor)} ${number(y)} Tm ${run.font.encodeText(run.text).toString()} Tj`)
      cursor += run.width * size
    }
    parts.push('ET')
    this.operators.push(parts.join('\n'))
  }

  fillRect(x: number, y: number, width: number, height: number, gray: Gray): void {
    this.operators.push(`${number(gray)} g ${number(x)} ${number(y)} ${number(width)} ${number(height)} re f`)
  }

  line(x1: number, y1: number, x2: number, y2: number, lineWidth: number, gray: Gray): void {
    this.operators.push(`${number(gray)} G ${number(lineWidth)} w ${number(x1)} ${number(y1)} m ${number(x2)} ${number(y2)} l S`)
  }

  /** Adds what was drawn to the page; the canvas can go on drawing into a new stream. */
  flush(): void {
    if (this.operators.length === 0) return
    const stream = this.doc.context.flateStream(this.operators.join('\n'))
    this.page.node.addContentStream(this.doc.context.register(stream))
    this.operators.length = 0
  }
}
