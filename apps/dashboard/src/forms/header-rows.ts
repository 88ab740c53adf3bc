import type { SensitiveHeaderView } from '@hookline/core'
import { validateCustomHeaders } from '@hookline/dispatcher'

// Custom headers as the form edits them: ordered rows that may be half
// filled. The rules are the server's own (the dispatcher's
// validateCustomHeaders, web-standard code shared with the API), plus the
// API's size limits and what only rows can get wrong (a value without a name,
// the same name twice).

export interface HeaderRow {
  /** Stable key for the list; not sent. */
  key: number
  name: string
  value: string
  /**
   * A sensitive header whose value the server keeps and never shows: left
   * empty, the row asks the server to keep it; typing a value replaces it.
   */
  kept?: boolean
}

/** A header value as the API takes it: a string, or "keep the stored sensitive value". */
export type HeaderValueInput = string | { value: null; sensitive: true }
export type HeadersInput = Record<string, HeaderValueInput>

export const headerLimits = { maxHeaders: 50, maxNameLength: 256, maxValueLength: 4096 } as const

let nextKey = 1

export function newHeaderRow(name = '', value = '', kept = false): HeaderRow {
  return { key: nextKey++, name, value, ...(kept ? { kept: true } : {}) }
}

export function headersToRows(headers: Record<string, string | SensitiveHeaderView>): HeaderRow[] {
  return Object.entries(headers).map(([name, value]) =>
    typeof value === 'string' ? newHeaderRow(name, value) : newHeaderRow(name, '', true),
  )
}

function keepsStoredValue(row: HeaderRow): boolean {
  return row.kept === true && row.value === ''
}

function isBlank(row: HeaderRow): boolean {
  return row.name.trim() === '' && row.value.trim() === '' && !row.kept
}

/** The headers to send; blank rows are ignored, names trimmed; an untouched sensitive row keeps its stored value. */
export function rowsToHeaders(rows: readonly HeaderRow[]): HeadersInput {
  const headers: HeadersInput = {}
  for (const row of rows) {
    if (isBlank(row)) continue
    headers[row.name.trim()] = keepsStoredValue(row) ? { value: null, sensitive: true } : row.value
  }
  return headers
}

export interface HeaderRowsValidation {
  /** Row key → what is wrong with it. */
  rowErrors: Map<number, string>
  /** Problems not tied to one row (too many headers). */
  formErrors: string[]
  valid: boolean
}

export function validateHeaderRows(
  rows: readonly HeaderRow[],
  options: { basicAuth: boolean },
): HeaderRowsValidation {
  const rowErrors = new Map<number, string>()
  const formErrors: string[] = []
  const filled = rows.filter((row) => !isBlank(row))
  const seenExact = new Set<string>()
  const candidates: HeaderRow[] = []

  for (const row of filled) {
    const name = row.name.trim()
    if (name === '') rowErrors.set(row.key, 'Enter a header name, or clear the value.')
    else if (name.length > headerLimits.maxNameLength)
      rowErrors.set(row.key, `Header names are at most ${headerLimits.maxNameLength} characters.`)
    else if (row.value.length > headerLimits.maxValueLength)
      rowErrors.set(row.key, `Header values are at most ${headerLimits.maxValueLength} characters.`)
    else if (seenExact.has(name)) rowErrors.set(row.key, `"${name}" appears more than once.`)
    else {
      seenExact.add(name)
      candidates.push(row)
    }
  }

  // The server's rules, row by row, in order: a case-insensitive duplicate
  // is reported on the later row, as the server reports it.
  const byName = new Map(candidates.map((row) => [row.name.trim(), row]))
  const problems = validateCustomHeaders(
    Object.fromEntries(candidates.map((row) => [row.name.trim(), row.value])),
    options,
  )
  for (const problem of problems) {
    const row = byName.get(problem.name)
    if (row && !rowErrors.has(row.key)) rowErrors.set(row.key, problem.message)
  }

  if (filled.length > headerLimits.maxHeaders)
    formErrors.push(`At most ${headerLimits.maxHeaders} custom headers.`)
  return { rowErrors, formErrors, valid: rowErrors.size === 0 && formErrors.length === 0 }
}
