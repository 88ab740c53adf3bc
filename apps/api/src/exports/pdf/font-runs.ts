import type { PDFFont } from 'pdf-lib'

/** A piece of text drawn with one font; `width` is at size 1. */
export interface TextRun {
  font: PDFFont
  text: string
  width: number
}

/** Spaces, punctuation and digits: they join the run around them rather than break it. */
const neutral = /^[\s\p{P}\p{N}\p{S}]$/u
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]+/g
/** Drawn for a character no font has: visible, and found again by text extraction. */
const replacement = '?'
const maxCachedRuns = 10_000

/**
 * Picks, per character, the first font that has a glyph for it (Helvetica
 * for Latin-1, then Noto Sans, Noto Sans JP, Noto Sans Arabic), splits text
 * into runs of one font, and measures it. Widths come from cached per-
 * character advances: cheap enough for every cell of a 20,000-row report
 * (ligatures and kerning are ignored, a fraction of a point per cell).
 */
export class FontRuns {
  private readonly characterSets: Set<number>[]
  private readonly fontIndexCache = new Map<number, number>()
  private readonly advanceCache: Map<string, number>[]
  /** Names repeat from row to row: their runs are measured once. */
  private readonly shapedWidthCache = new Map<string, number>()

  constructor(private readonly fonts: readonly PDFFont[]) {
    this.characterSets = fonts.map((font) => new Set(font.getCharacterSet()))
    this.advanceCache = fonts.map(() => new Map())
  }

  /** Text as the report can draw it: no control characters (they become spaces). */
  static clean(text: string): string {
    return text.replace(controlCharacters, ' ')
  }

  /** Index of the first font with the character, or -1. */
  private fontIndexOf(codePoint: number): number {
    let index = this.fontIndexCache.get(codePoint)
    if (index === undefined) {
      index = this.characterSets.findIndex((set) => set.has(codePoint))
      this.fontIndexCache.set(codePoint, index)
    }
    return index
  }

  private advance(fontIndex: number, character: string): number {
    const cache = this.advanceCache[fontIndex]!
    let width = cache.get(character)
    if (width === undefined) {
      width = this.fonts[fontIndex]!.widthOfTextAtSize(character, 1)
      cache.set(character, width)
    }
    return width
  }

  /** Width of one character at size 1, in the font it would be drawn with. */
  advanceOf(character: string): number {
    const fontIndex = this.fontIndexOf(character.codePointAt(0)!)
    return fontIndex < 0 ? this.advance(0, replacement) : this.advance(fontIndex, character)
  }

  /** Width of already-clean text at size 1. */
  widthOf(text: string): number {
    return this.runs(text).reduce((sum, run) => sum + run.width, 0)
  }

  /** Already-clean text as runs of one font each, in logical order. */
  runs(text: string): TextRun[] {
    const characters = [...text].map((original) => {
      const fontIndex = this.fontIndexOf(original.codePointAt(0)!)
      return fontIndex < 0
        ? { character: replacement, fontIndex: 0, neutral: true }
        : { character: original, fontIndex, neutral: neutral.test(original) }
    })
    if (characters.every((item) => item.fontIndex === 0)) {
      return characters.length === 0 ? [] : [this.toRun({ fontIndex: 0, text: characters.map((item) => item.character).join(''), width: this.sumAdvances(0, characters) })]
    }
    // A word that needs a second font is drawn wholly in the first font that
    // has all its letters (Łódź in Noto Sans, not Helvetica with two Noto letters).
    for (let start = 0; start < characters.length; ) {
      let end = start
      while (end < characters.length && !/\s/u.test(characters[end]!.character)) end++
      const word = characters.slice(start, end)
      if (word.some((item) => item.fontIndex !== word[0]!.fontIndex)) {
        const shared = this.characterSets.findIndex((set) => word.every(({ character }) => set.has(character.codePointAt(0)!)))
        if (shared >= 0) for (const item of word) item.fontIndex = shared
      }
      start = end + 1
    }
    // Spaces and digits between two words of one font join that font's run,
    // so an Arabic run (laid out right to left) keeps its words in order;
    // elsewhere they keep their own font.
    let previousStrong = -1
    for (let index = 0; index < characters.length; index++) {
      if (!characters[index]!.neutral) {
        previousStrong = characters[index]!.fontIndex
        continue
      }
      let next = index
      while (next < characters.length && characters[next]!.neutral) next++
      const nextStrong = next < characters.length ? characters[next]!.fontIndex : -1
      const between = characters.slice(index, next)
      if (previousStrong >= 0 && previousStrong === nextStrong && between.every(({ character }) => this.characterSets[previousStrong]!.has(character.codePointAt(0)!))) {
        for (const item of between) item.fontIndex = previousStrong
      }
      index = next - 1
    }

    const runs: TextRun[] = []
    let current: { fontIndex: number; text: string; width: number } | undefined
    for (const { character, fontIndex } of characters) {
      if (!current || current.fontIndex !== fontIndex) {
        if (current) runs.push(this.toRun(current))
        current = { fontIndex, text: '', width: 0 }
      }
      current.text += character
      current.width += this.advance(fontIndex, character)
    }
    if (current) runs.push(this.toRun(current))
    return runs
  }

  private sumAdvances(fontIndex: number, characters: readonly { character: string }[]): number {
    return characters.reduce((sum, { character }) => sum + this.advance(fontIndex, character), 0)
  }

  private toRun(run: { fontIndex: number; text: string; width: number }): TextRun {
    const font = this.fonts[run.fontIndex]!
    // Embedded fonts shape text (Arabic joining forms are narrower than the
    // isolated ones summed above): measure the laid-out run. Helvetica does not.
    return { font, text: run.text, width: run.fontIndex === 0 ? run.width : this.shapedWidth(run.fontIndex, run.text) }
  }

  private shapedWidth(fontIndex: number, text: string): number {
    if (this.shapedWidthCache.size > maxCachedRuns) this.shapedWidthCache.clear()
    const key = `${fontIndex}:${text}`
    let width = this.shapedWidthCache.get(key)
    if (width === undefined) {
      width = this.fonts[fontIndex]!.widthOfTextAtSize(text, 1)
      this.shapedWidthCache.set(key, width)
    }
    return width
  }
}
