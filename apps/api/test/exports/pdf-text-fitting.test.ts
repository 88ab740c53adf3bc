import { PDFDocument } from 'pdf-lib'
import { beforeAll, describe, expect, it } from 'vitest'
import { fitText } from '../../src/exports/pdf/fit-text.ts'
import { FontRuns } from '../../src/exports/pdf/font-runs.ts'
import { embedReportFonts } from '../../src/exports/pdf/report-fonts.ts'

let runs: FontRuns
let fontNames: string[]

beforeAll(async () => {
  const fonts = await embedReportFonts(await PDFDocument.create())
  runs = new FontRuns(fonts.text)
  fontNames = fonts.text.map((font) => font.name)
})

const fontsOf = (text: string) => runs.runs(text).map((run) => [fontNames.indexOf(run.font.name), run.text])

describe('font runs', () => {
  it('draws Latin-1 with Helvetica and other scripts with the first embedded font that has them', () => {
    expect(fontsOf('Café')).toEqual([[0, 'Café']])
    // A word needing a second font is drawn wholly in one font.
    expect(fontsOf('Łódź café')).toEqual([[1, 'Łódź'], [0, ' café']])
    expect(fontsOf('Acme 東京')).toEqual([[0, 'Acme '], [2, '東京']])
  })

  it('keeps the spaces and digits between two Arabic words in the Arabic run', () => {
    expect(fontsOf('متجر القاهرة 2 فرع')).toEqual([[3, 'متجر القاهرة 2 فرع']])
    expect(fontsOf('Shop متجر (x)')).toEqual([[0, 'Shop '], [3, 'متجر'], [0, ' (x)']])
  })

  it('replaces characters no font has with "?" and control characters with spaces', () => {
    expect(fontsOf('a\u{1F600}b')).toEqual([[0, 'a?b']])
    expect(FontRuns.clean('a\tb\r\nc\u0000')).toBe('a b c ')
  })
})

describe('fitting text into a cell', () => {
  const size = 7
  const width = (text: string) => runs.widthOf(text) * size

  it('keeps short text on one line', () => {
    expect(fitText(runs, 'media.updated', 100, size, 2)).toEqual(['media.updated'])
  })

  it('wraps after slashes and ends with "…" past the last line', () => {
    const url = `https://hooks.example.com/${'segment/'.repeat(30)}end`
    const lines = fitText(runs, url, 150, size, 3)
    expect(lines).toHaveLength(3)
    for (const line of lines) expect(width(line)).toBeLessThanOrEqual(150)
    expect(lines[0]!.endsWith('/')).toBe(true)
    expect(lines[2]!.endsWith('…')).toBe(true)
    expect(url.startsWith(lines.slice(0, 2).join(''))).toBe(true)
  })

  it('breaks text without break characters anywhere, never overflowing', () => {
    const lines = fitText(runs, 'x'.repeat(200), 60, size, 20)
    expect(lines.join('')).toBe('x'.repeat(200))
    for (const line of lines) expect(width(line)).toBeLessThanOrEqual(60)
  })

  it('fits Japanese text by the embedded font’s widths', () => {
    const lines = fitText(runs, '東京支店ウェブフック'.repeat(5), 80, size, 2)
    expect(lines).toHaveLength(2)
    for (const line of lines) expect(width(line)).toBeLessThanOrEqual(80)
    expect(lines[1]!.endsWith('…')).toBe(true)
  })
})
