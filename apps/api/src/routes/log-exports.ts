import type { DeliveryLogFilter } from '@hookline/store'
import { create as contentDisposition } from 'content-disposition'
import type { Response } from 'express'
import { z } from 'zod'
import { access } from '../auth/access.ts'
import type { Principal } from '../auth/principal.ts'
import type { RouteDependencies } from '../dependencies.ts'
import { exportFileName, exportFormats } from '../exports/export-file-name.ts'
import { exportWriters } from '../exports/export-formats.ts'
import type { ExportReport } from '../exports/export-report.ts'
import { ExportAbortedError } from '../exports/output-stream.ts'
import { pdfRowLimit, PdfRowLimitError } from '../exports/pdf-export.ts'
import { parseUtcOffset } from '../exports/utc-offset.ts'
import { HttpProblem } from '../http/problem.ts'
import { defineRoute, type RouteDefinition } from '../http/route.ts'
import { logFilter, toDeliveryLogFilter } from '../schemas/log-filter.ts'

export const logExportPath = '/api/v1/logs/export'

const utcOffset = z
  .string()
  // An unencoded "+" in a query string arrives as a space: read it as the plus it was.
  .transform((value) => value.replace(/^ (?=\d)/, '+'))
  .refine((value) => parseUtcOffset(value) !== undefined, 'must be a UTC offset from -12:00 to +14:00, e.g. +09:00 (encode "+" as %2B) or Z')
  .transform((value) => parseUtcOffset(value)!)

/** The list's filter (same fields, same rules), the format and the reader's UTC offset. */
export const exportLogsQuery = logFilter.safeExtend({
  format: z.enum(exportFormats, { error: `must be one of ${exportFormats.join(', ')}` }).meta({ description: 'The file format.' }),
  utcOffset: utcOffset.optional().meta({ description: 'Show times at this UTC offset, e.g. `+09:00` (default `+00:00`).' }),
})

const exportHeaders = ['Content-Type', 'Content-Disposition', 'Cache-Control']

async function reportFor({ store }: RouteDependencies, principal: Principal, filter: DeliveryLogFilter, utcOffsetMinutes: number): Promise<ExportReport> {
  const tenant = await store.tenants.get(principal.tenantId)
  let appName: string | undefined
  if (filter.appId !== undefined) {
    // A deleted app's deliveries keep its name.
    const app = await store.apps.get(principal.tenantId, filter.appId)
    appName = app?.name ?? (await store.deliveries.listDeliveries(principal.tenantId, { appId: filter.appId }, { limit: 1 })).items[0]?.appName
  }
  return { tenantName: tenant?.name ?? principal.tenantId, appName, filter, generatedAt: new Date(), utcOffsetMinutes }
}

function tooManyRowsForPdf(rowLimit: number, cause?: unknown): HttpProblem {
  return new HttpProblem(
    422,
    `The filter selects more than ${rowLimit.toLocaleString('en-US')} deliveries, the most a PDF report holds. Export CSV or Excel (format=csv or format=xlsx), which have no limit, or narrow the filter (application, event type, status, a shorter date range).`,
    { type: 'export-too-large', title: 'Too many rows for a PDF', extensions: { rowLimit, formats: ['csv', 'xlsx'] }, cause },
  )
}

/** `GET /api/v1/logs/export`: every delivery the list's filter selects, in the list's order, as a file. */
export function logExportRoutes(deps: RouteDependencies): RouteDefinition[] {
  const { store, logger } = deps
  const rowLimit = deps.config.pdfRowLimit
  return [
    defineRoute({
      method: 'get',
      path: logExportPath,
      operationId: 'exportDeliveryLogs',
      summary: 'Export deliveries as CSV, Excel or PDF',
      description: [
        'Every delivery the filter selects (the filter of `GET /api/v1/logs`), newest first: Application ID, Application name, Date & Time (the header names the UTC offset), Event, Endpoint, Retry attempts, Status, Last response, then the ids that trace a row back to the log: Delivery ID, Event ID and Webhook ID (the `webhook-id` header).',
        '**csv**: RFC 4180, UTF-8 with a byte-order mark; text cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) are prefixed with an apostrophe. **xlsx**: typed cells, frozen and filterable header, a second sheet stating the filter. Both stream, whatever the number of rows.',
        `**pdf**: a report with the filter, counts by status and a paginated table — local wall-clock times (the zone named in the header), the status labels the dashboard shows, the three ids per row, and no Application column when the filter is one application (the title block names it); at most ${pdfRowLimit.toLocaleString('en-US')} rows by default (HOOKLINE_PDF_ROW_LIMIT; 422 above, suggesting CSV or a narrower filter).`,
        'The file name says what the file holds: tenant or application, date range, format.',
      ].join('\n\n'),
      tag: 'Delivery logs',
      access: access.role('Manager'),
      query: exportLogsQuery,
      status: 200,
      problems: [422],
      problemNotes: { 422: `A PDF of more rows than the limit (${pdfRowLimit.toLocaleString('en-US')} by default): export CSV or narrow the filter.` },
      download: { mediaTypes: exportFormats.map((format) => exportWriters[format].mediaType), description: 'The file, streamed as it is written.' },
      async handle({ query, principal, response }) {
        const filter = toDeliveryLogFilter(query)
        const writer = exportWriters[query.format]
        if (query.format === 'pdf') {
          const count = await store.deliveries.countDeliveries(principal.tenantId, filter, { limit: rowLimit + 1 })
          if (count > rowLimit) throw tooManyRowsForPdf(rowLimit)
        }
        const report = await reportFor(deps, principal, filter, query.utcOffset ?? 0)
        const { fileName, asciiFileName } = exportFileName(report, query.format)
        response.status(200)
        response.setHeader('Content-Type', writer.contentType)
        response.setHeader('Content-Disposition', contentDisposition(fileName, { fallback: asciiFileName }))
        response.setHeader('Cache-Control', 'no-store')

        // Batches of the size the store chooses for its kind of read (a few MB at most).
        // The query starts with the first row the writer asks for, and ends (closed) with the writer, whatever happened.
        const batches = store.deliveries.exportRawBatches(principal.tenantId, filter)
        try {
          await writer.write(batches, report, response, { rowLimit })
        } catch (error) {
          handleExportFailure(error, response, logger, rowLimit)
        } finally {
          await batches.return(undefined)
        }
      },
    }),
  ]
}

/** Before the first byte, a failure is a problem like any other; after it, the download can only be cut short. */
function handleExportFailure(error: unknown, response: Response, logger: RouteDependencies['logger'], rowLimit: number): void {
  if (!response.headersSent) {
    for (const header of exportHeaders) response.removeHeader(header)
    throw error instanceof PdfRowLimitError ? tooManyRowsForPdf(rowLimit, error) : error
  }
  if (error instanceof ExportAbortedError || (error as { code?: unknown }).code === 'ERR_STREAM_PREMATURE_CLOSE') {
    logger.info({ err: error }, 'Log export stopped: the client went away')
  } else {
    logger.error({ err: error }, 'Log export failed after it started; the download was cut short')
  }
  response.destroy()
}
