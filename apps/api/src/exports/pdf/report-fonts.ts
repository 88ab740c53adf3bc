import fontkit from '@pdf-lib/fontkit'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { StandardFonts, type PDFDocument, type PDFFont } from 'pdf-lib'

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0]

/**
 * Font files the report embeds, shipped by npm packages (never the host's
 * fonts, which CI machines may lack). TrueType, which @pdf-lib/fontkit
 * subsets; in fallback order after Helvetica.
 */
const fontFiles = [
  // Latin beyond Latin-1, Greek, Cyrillic, Vietnamese.
  '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  // Japanese (kana and kanji), with Latin.
  '@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf',
  // Arabic; fontkit applies its shaping (joining forms) and right-to-left order within a run.
  '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf',
] as const

const resolveFromHere = createRequire(import.meta.url).resolve

let fontBytes: Promise<Uint8Array[]> | undefined

/** Read once per process (about 6 MB) and shared by every report. */
function loadFontFiles(): Promise<Uint8Array[]> {
  fontBytes ??= Promise.all(fontFiles.map((file) => readFile(resolveFromHere(file)))).catch((error: unknown) => {
    fontBytes = undefined
    throw new Error('Cannot read the PDF report fonts', { cause: error })
  })
  return fontBytes
}

interface SubsetInternals {
  glyf: { length: number; copy(target: unknown): number; constructor: { alloc(size: number): { length: number } } }[]
  offset: number
  _addGlyph(glyphId: number): number
}

/**
 * @pdf-lib/fontkit 1.1.1 writes a subset's glyph offsets in the short
 * `loca` format, which stores offset / 2, without padding odd-length glyph
 * records: every glyph after an odd-length one then points one byte off and
 * renders blank (Japanese text loses most kanji; pdf-lib issue #1232; fixed
 * upstream in fontkit 1.8 by padding). This pads each glyph record to an
 * even length as it is added, which the format allows.
 */
function padGlyphRecords(subset: SubsetInternals): void {
  const addGlyph = subset._addGlyph.bind(subset)
  subset._addGlyph = (glyphId) => {
    const index = addGlyph(glyphId)
    const record = subset.glyf[index]!
    if (record.length % 2 === 1) {
      const padded = record.constructor.alloc(record.length + 1)
      record.copy(padded)
      subset.glyf[index] = padded as SubsetInternals['glyf'][number]
      subset.offset += 1
    }
    return index
  }
}

/** @pdf-lib/fontkit with TrueType subsets fixed (see padGlyphRecords). */
export const evenGlyphFontkit: Fontkit = {
  create(data, postscriptName) {
    const font = fontkit.create(data, postscriptName)
    const createSubset = font.createSubset.bind(font)
    font.createSubset = () => {
      const subset = createSubset()
      if (typeof (subset as unknown as Partial<SubsetInternals>)._addGlyph === 'function') padGlyphRecords(subset as unknown as SubsetInternals)
      return subset
    }
    return font
  },
}

export interface ReportFonts {
  /** Helvetica (Latin-1, not embedded), then the embedded fallbacks in order. */
  text: PDFFont[]
  bold: PDFFont
}

/** Embeds the report's fonts (as subsets: only the glyphs used end up in the file). */
export async function embedReportFonts(doc: PDFDocument): Promise<ReportFonts> {
  doc.registerFontkit(evenGlyphFontkit)
  const files = await loadFontFiles()
  const [helvetica, bold, ...fallbacks] = await Promise.all([
    doc.embedFont(StandardFonts.Helvetica),
    doc.embedFont(StandardFonts.HelveticaBold),
    ...files.map((bytes) => doc.embedFont(bytes, { subset: true })),
  ])
  return { text: [helvetica!, ...fallbacks], bold: bold! }
}
