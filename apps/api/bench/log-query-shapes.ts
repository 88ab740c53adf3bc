// The list queries a dashboard makes against GET /api/v1/logs, each with the
// store filter it becomes (for explain) and a check that the page returned is
// the right one, so a fast wrong answer cannot pass as a fast query.
import type { DeliveryLogRecord } from '@hookline/core'
import type { DeliveryLogFilter } from '@hookline/store'

export const pageLimit = 50

export interface LogPage {
  items: DeliveryLogRecord[]
  nextCursor: string | null
}

export interface QueryShape {
  name: string
  /** The query string of GET /api/v1/logs. */
  params: Record<string, string>
  /** What the store receives for it (for explain). */
  filter: DeliveryLogFilter
  cursor?: string
  /** The index designed for it (packages/store/src/indexes.ts, docs/INDEXES.md). */
  index: string
  /** Throws when the page is not what the seeded rows say it must be. */
  check(page: LogPage): void
}

export interface SeedLayout {
  /** First row's creation time; row `i` was created `i` seconds later. */
  start: number
  records: number
}

/** The app that `benchDeliveries` gives row 3, 13, 23… */
export const benchAppId = `app_${(3).toString(16).padStart(24, '0')}`

function expectFullPage(page: LogPage, name: string): void {
  if (page.items.length !== pageLimit) throw new Error(`${name}: ${page.items.length} items, expected ${pageLimit}`)
  if (!page.nextCursor) throw new Error(`${name}: no nextCursor on a full page`)
  for (let index = 1; index < page.items.length; index++) {
    if (page.items[index - 1]!.createdAt <= page.items[index]!.createdAt) throw new Error(`${name}: items are not newest first`)
  }
}

function expectEvery(page: LogPage, name: string, matches: (item: DeliveryLogRecord) => boolean): void {
  expectFullPage(page, name)
  const wrong = page.items.find((item) => !matches(item))
  if (wrong) throw new Error(`${name}: item ${wrong.id} does not match the filter`)
}

function expectNewestAt(page: LogPage, name: string, at: number): void {
  const newest = page.items[0]?.createdAt
  if (newest !== new Date(at).toISOString()) throw new Error(`${name}: newest item created ${newest}, expected ${new Date(at).toISOString()}`)
}

/** The first page with no filter: the dashboard's landing view, and the query timed as the log grows. */
export function firstPageShape({ start, records }: SeedLayout): QueryShape {
  const name = 'first page, no filter'
  return {
    name,
    index: 'tenant_list',
    params: { limit: String(pageLimit) },
    filter: {},
    check(page) {
      expectFullPage(page, name)
      // The other tenant's rows are newer: seeing them here would be a leak.
      expectNewestAt(page, name, start + (records - 1) * 1_000)
    },
  }
}

/** Every shape, given the cursor that the first page returned. */
export function queryShapes(layout: SeedLayout, firstPageCursor: string): QueryShape[] {
  const middle = new Date(layout.start + Math.floor(layout.records / 2) * 1_000)
  const day = middle.toISOString().slice(0, 10)
  const dayStart = Date.parse(`${day}T00:00:00Z`)
  const dayEnd = dayStart + 24 * 60 * 60 * 1_000
  const lastRowAt = layout.start + (layout.records - 1) * 1_000
  const page2 = 'page 2 via cursor'
  return [
    firstPageShape(layout),
    {
      name: 'by appId',
      index: 'tenant_app_list',
      params: { limit: String(pageLimit), appId: benchAppId },
      filter: { appId: benchAppId },
      check: (page) => expectEvery(page, 'by appId', (item) => item.appId === benchAppId),
    },
    {
      name: 'status=failed',
      index: 'tenant_status_list',
      params: { limit: String(pageLimit), status: 'failed' },
      filter: { status: 'failed' },
      check: (page) => expectEvery(page, 'status=failed', (item) => item.status === 'failed'),
    },
    {
      name: 'eventType=media.updated',
      index: 'tenant_type_list',
      params: { limit: String(pageLimit), eventType: 'media.updated' },
      filter: { eventType: 'media.updated' },
      check: (page) => expectEvery(page, 'eventType', (item) => item.eventType === 'media.updated'),
    },
    {
      name: `one day (${day})`,
      index: 'tenant_list',
      params: { limit: String(pageLimit), from: day, to: day },
      filter: { from: new Date(dayStart), to: new Date(dayEnd) },
      check(page) {
        expectEvery(page, 'one day', (item) => Date.parse(item.createdAt) >= dayStart && Date.parse(item.createdAt) < dayEnd)
        expectNewestAt(page, 'one day', Math.min(dayEnd - 1_000, lastRowAt))
      },
    },
    {
      name: page2,
      index: 'tenant_list',
      params: { limit: String(pageLimit), cursor: firstPageCursor },
      filter: {},
      cursor: firstPageCursor,
      check(page) {
        expectFullPage(page, page2)
        expectNewestAt(page, page2, lastRowAt - pageLimit * 1_000)
      },
    },
  ]
}
