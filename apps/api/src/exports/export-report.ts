import { deliveryStatuses, type DeliveryStatus } from '@hookline/core'
import { formatDateTime, formatUtcOffset } from './utc-offset.ts'

/** The filter the rows were selected with, as the report restates it. */
export interface ExportFilter {
  appId?: string | undefined
  eventType?: string | undefined
  status?: DeliveryStatus | undefined
  /** Inclusive. */
  from?: Date | undefined
  /** Exclusive. */
  to?: Date | undefined
  /** The id searched for (GET /logs?q=). */
  q?: string | undefined
}

/** What a report says about itself besides its rows. */
export interface ExportReport {
  tenantName: string
  /** The application's name when the filter names one application. */
  appName?: string | undefined
  filter: ExportFilter
  generatedAt: Date
  /** The reader's UTC offset in minutes; every time in the report uses it. */
  utcOffsetMinutes: number
}

export interface ReportFact {
  label: string
  value: string
}

/** The filter in words, one fact per field set; "every delivery" when none is. */
export function describeFilter(report: ExportReport): ReportFact[] {
  const { filter, utcOffsetMinutes } = report
  const facts: ReportFact[] = []
  if (filter.appId !== undefined) {
    facts.push({ label: 'Application', value: report.appName ? `${report.appName} (${filter.appId})` : filter.appId })
  }
  if (filter.eventType !== undefined) facts.push({ label: 'Event', value: filter.eventType })
  if (filter.status !== undefined) facts.push({ label: 'Status', value: filter.status })
  if (filter.from !== undefined) facts.push({ label: 'From', value: formatDateTime(filter.from, utcOffsetMinutes) })
  if (filter.to !== undefined) facts.push({ label: 'Before', value: formatDateTime(filter.to, utcOffsetMinutes) })
  if (filter.q !== undefined) facts.push({ label: 'Id', value: filter.q })
  return facts
}

/** Tenant, filter, time of generation and time zone: the facts every report states. */
export function reportFacts(report: ExportReport): ReportFact[] {
  const filterFacts = describeFilter(report)
  return [
    { label: 'Tenant', value: report.tenantName },
    ...(filterFacts.length > 0 ? filterFacts : [{ label: 'Filter', value: 'none (every delivery)' }]),
    { label: 'Generated', value: formatDateTime(report.generatedAt, report.utcOffsetMinutes) },
    { label: 'Times in', value: `UTC${formatUtcOffset(report.utcOffsetMinutes)}` },
  ]
}

export type StatusCounts = Record<DeliveryStatus, number>

export function emptyStatusCounts(): StatusCounts {
  return Object.fromEntries(deliveryStatuses.map((status) => [status, 0])) as StatusCounts
}

/** "1,204 deliveries: 1,100 succeeded, 80 failed, …" — statuses with no rows left out. */
export function describeStatusCounts(counts: StatusCounts): string {
  const total = deliveryStatuses.reduce((sum, status) => sum + counts[status], 0)
  const parts = deliveryStatuses.filter((status) => counts[status] > 0).map((status) => `${counts[status].toLocaleString('en-US')} ${status}`)
  const noun = total === 1 ? 'delivery' : 'deliveries'
  return parts.length > 0 ? `${total.toLocaleString('en-US')} ${noun}: ${parts.join(', ')}` : `0 deliveries`
}
