import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

/** Each page's text items (one per text-showing operation), in drawing order. */
export async function pdfTextItems(bytes: Uint8Array): Promise<string[][]> {
  // pdf.js detaches the buffer it is given: hand it a copy.
  const document = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise
  try {
    const pages: string[][] = []
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number)
      const content = await page.getTextContent()
      pages.push(content.items.flatMap((item) => ('str' in item && item.str.trim() !== '' ? [item.str] : [])))
    }
    return pages
  } finally {
    await document.destroy()
  }
}

/**
 * Extracted text to compare with the source: Arabic shaping splits some
 * letters into a base and a separate dots glyph that has no Unicode value,
 * which extraction reports as a C0 control character; NFKC folds any
 * presentation forms back to letters.
 */
export function comparable(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.normalize('NFKC').replace(/[\u0000-\u001f]/g, '').replace(/\s+/g, ' ').trim()
}

/**
 * `comparable` without any whitespace: pdf.js guesses spaces from glyph
 * positions, and puts one where a dots glyph of shaped Arabic was left out.
 */
export function compact(text: string): string {
  return comparable(text).replace(/\s+/g, '')
}
