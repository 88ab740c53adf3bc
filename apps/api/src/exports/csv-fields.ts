import { neutraliseFormula } from './formula-neutralisation.ts'

/**
 * Every text field holding one of these is quoted: RFC 4180's comma, quote
 * and line breaks, plus the semicolon and the tab, which spreadsheets in
 * semicolon locales (and tab-separated imports) take as field separators.
 */
const mustQuote = /[,;"\t\r\n]/

/** One CSV field as written: quoted (quotes doubled inside) when it holds a separator, a quote or a line break; bare otherwise. */
export function csvField(text: string): string {
  return mustQuote.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** A text cell taken from the data: neutralised when a spreadsheet would run it as a formula, then quoted as needed. */
export function csvTextCell(text: string): string {
  return csvField(neutraliseFormula(text))
}

/** A number the export writes itself (a count, a status code): never negative, never needing quotes. */
export function csvNumberCell(value: number): string {
  return String(value)
}
