/**
 * Spreadsheet programs run a CSV cell that starts with one of these as a
 * formula (OWASP "CSV Injection"): `=`, `+`, `-`, `@`, tab and carriage
 * return, plus the full-width forms some programs normalise to them.
 */
const formulaTriggers = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'])

/** Whether a spreadsheet would read this text cell as a formula. */
export function looksLikeFormula(text: string): boolean {
  return text.length > 0 && formulaTriggers.has(text[0]!)
}

/**
 * Prefixes a formula-like text cell with an apostrophe, which spreadsheets
 * show as text and do not evaluate. Only text: numbers the export writes
 * itself (retry counts, status codes) are never negative and pass unchanged.
 */
export function neutraliseFormula(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text
}
