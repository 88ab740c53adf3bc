import { http } from './http.ts'
import type { LogFilter } from './logs-api.ts'
import { cleanQuery } from './typed-client.ts'

export type ExportFormat = 'csv' | 'xlsx' | 'pdf'

export const exportFormats: readonly { format: ExportFormat; label: string }[] = [
  { format: 'csv', label: 'CSV' },
  { format: 'xlsx', label: 'Excel' },
  { format: 'pdf', label: 'PDF' },
]

export interface ExportedFile {
  blob: Blob
  fileName: string
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
  /** Every log the filter selects, in the list's order, as one file. */
  async download(format: ExportFormat, filter: LogFilter): Promise<ExportedFile> {
    const response = await http.get<Blob>('/api/v1/logs/export', {
      params: { format, ...cleanQuery(filter) },
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
