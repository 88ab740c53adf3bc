import type { ExportReport } from './export-report.ts'
import { formatDay } from './utc-offset.ts'

export const exportFormats = ['csv', 'xlsx', 'pdf'] as const
export type ExportFormat = (typeof exportFormats)[number]

export interface ExportFileName {
  /** May hold any script, e.g. `東京支店_deliveries_2024-05-01_to_2024-05-31.pdf`. */
  fileName: string
  /** The same in ASCII, for clients that ignore RFC 6266's `filename*`. */
  asciiFileName: string
}

const maxSlugLength = 60

function slug(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxSlugLength)
    .replace(/-+$/, '')
    .toLowerCase()
}

function asciiSlug(text: string): string {
  // Decomposed accents are dropped (café → cafe); other scripts leave nothing.
  return slug(text.normalize('NFKD').replace(/\p{M}+/gu, '').replace(/[^A-Za-z0-9]+/g, '-'))
}

/**
 * `<tenant or app>_deliveries[_<event>][_<status>]_<first day>_to_<last day>.<format>`,
 * days in the report's offset. Without `from` the name says `until` the last
 * day; without `to` the rows run up to the time of generation.
 */
export function exportFileName(report: ExportReport, format: ExportFormat): ExportFileName {
  const { filter, utcOffsetMinutes } = report
  const subject = filter.appId !== undefined ? (report.appName ?? filter.appId) : report.tenantName
  const fallbackSubject = filter.appId ?? 'hookline'
  // `to` is exclusive: the last day is the one holding the instant just before it.
  const lastDay = formatDay(filter.to ? new Date(filter.to.getTime() - 1) : report.generatedAt, utcOffsetMinutes)
  const range = filter.from ? `${formatDay(filter.from, utcOffsetMinutes)}_to_${lastDay}` : `until_${lastDay}`
  const qualifiers = [filter.eventType, filter.status].filter((part): part is string => part !== undefined)

  const build = (subjectSlug: string, toSlug: (text: string) => string) =>
    [subjectSlug, 'deliveries', ...qualifiers.map(toSlug).filter(Boolean), range].join('_') + `.${format}`
  return {
    fileName: build(slug(subject) || asciiSlug(fallbackSubject) || 'hookline', slug),
    asciiFileName: build(asciiSlug(subject) || asciiSlug(fallbackSubject) || 'hookline', asciiSlug),
  }
}
