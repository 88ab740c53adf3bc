import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

/** Every page's text, joined: what a reader of the PDF sees. */
export async function pdfText(data: Uint8Array): Promise<string> {
  const document = await getDocument({
    data: new Uint8Array(data),
    useSystemFonts: false,
    isEvalSupported: false,
  }).promise
  const pages: string[] = []
  for (let number = 1; number <= document.numPages; number++) {
    const content = await (await document.getPage(number)).getTextContent()
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '))
  }
  await document.destroy()
  return pages.join('\n')
}
