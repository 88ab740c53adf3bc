import { http } from './http.ts'
import { cleanQuery } from './typed-client.ts'
import type { ExportFormat, ExportQuery, LogFilter } from './types.ts'

export type { ExportFormat } from './types.ts'

export const exportFormats: readonly { format: ExportFormat; label: string }[] = [
  { format: 'csv', label: 'CSV' },
  { format: 'xlsx', label: 'Excel' },
  { format: 'pdf', label: 'PDF' },
]

export interface ExportedFile {
  blob: Blob
  fileName: string
}

/** The browser's current UTC offset as the API expects it, e.g. "+01:00" or "-05:30". */
export function browserUtcOffset(date = new Date()): string {
  const minutes = -date.getTimezoneOffset()
  const sign = minutes < 0 ? '-' : '+'
  const absolute = Math.abs(minutes)
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`
}

/** `attachment; filename="a.csv"; filename*=UTF-8''a%20b.csv` → the best name it offers. */
export function fileNameFromDisposition(header: string | undefined, fallback: string): string {
  if (!header) return fallback
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header)
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim())
    } catch {
      // Fall through to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/.exec(header)
  const name = (plain?.[1] ?? plain?.[2])?.trim()
  return name ? name.replace(/[/\\]/g, '_') : fallback
}

export const exportsApi = {
  /** Every log the filter selects, in the list's order, as one file; times at the browser's offset. */
  async download(format: ExportFormat, filter: LogFilter): Promise<ExportedFile> {
    const query: ExportQuery = { ...filter, format, utcOffset: browserUtcOffset() }
    const response = await http.get<Blob>('/api/v1/logs/export', {
      params: cleanQuery(query),
      responseType: 'blob',
      // Large exports take a while to stream.
      timeout: 5 * 60_000,
    })
    const disposition = response.headers['content-disposition'] as string | undefined
    return {
      blob: response.data,
      fileName: fileNameFromDisposition(disposition, `hookline-logs.${format}`),
    }
  },
}
