import type { DeliveryStatus } from '@hookline/core'
import { newDelivery, type DeliveryDocument } from '@hookline/store'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pdfRowLimit } from '../src/exports/pdf-export.ts'
import { compact, comparable, pdfTextItems } from './support/pdf-text.ts'
import { startTestApi, type TestApi, type TestUser } from './support/test-api.ts'

// Exports over deliveries stored through the store, compared with what the
// database holds for the same filter, read back with real CSV, Excel and PDF readers.
let t: TestApi
let admin: TestUser
let manager: TestUser
let moderator: TestUser
let otherManager: TestUser
let mediaAppId: string

const start = Date.parse('2024-05-01T22:30:00Z')
const hour = 3_600_000
const names = ["=cmd|' /C calc'!A0", 'Comma, "quoted" shop', '東京支店 ウェブフック', 'متجر القاهرة', '+1', '-2', '@x']
const statuses: DeliveryStatus[] = ['succeeded', 'failed', 'retrying', 'skipped', 'pending']
const hostileError = '=HYPERLINK("http://evil.example","x"), then\nline two'
const longEndpoint = `https://hooks.example.com/${'deep/'.repeat(40)}end?key=${'k'.repeat(30)}`

beforeAll(async () => {
  t = await startTestApi('api-log-exports')
  admin = await t.createTenant('Acme Video')
  manager = await t.createUser('Manager', admin)
  moderator = await t.createUser('Moderator', admin)
  otherManager = await t.createUser('Manager', await t.createTenant('Other Portal'))

  const mediaApp = await t.api.store.apps.create({
    tenantId: admin.tenantId,
    createdBy: admin.email,
    name: 'Media sync, "primary"',
    endpoint: longEndpoint,
    active: true,
    authType: 'none',
    events: { categories: ['media'], types: [] },
    headers: [],
    retries: 3,
    retryDelaySeconds: 5,
    legacySubjectDetailEncoding: false,
  })
  mediaAppId = mediaApp._id

  const deliveries: DeliveryDocument[] = []
  for (let index = 0; index < 70; index++) {
    const at = new Date(start + index * hour + index)
    const status = statuses[index % statuses.length]!
    const onMediaApp = index % 3 === 0
    const app = onMediaApp
      ? mediaApp
      : { _id: `app_${(index % 7).toString(16).padStart(24, '0')}`, tenantId: admin.tenantId, name: names[index % names.length]!, endpoint: `https://hooks.example.com/in/${index}` }
    const delivery = newDelivery({ app, event: { _id: `evt_export_${index}`, type: index % 2 === 0 ? 'media.updated' : 'comment.created', portalEventId: 'X' }, at })
    deliveries.push({
      ...delivery,
      status,
      attemptCount: 1 + (index % 4),
      retryAttempts: index % 4,
      ...(status === 'succeeded' ? { lastStatusCode: 200 } : {}),
      ...(status === 'failed' ? (index % 2 === 0 ? { lastStatusCode: 410, lastError: '410 Gone from https://hooks.example.com' } : { lastError: hostileError }) : {}),
      nextAttemptAt: null,
      updatedAt: new Date(at.getTime() + 1_000),
    })
  }
  await t.api.store.deliveries.insertMany(deliveries)
  await t.api.store.deliveries.insertMany([
    newDelivery({
      app: { _id: 'app_other', tenantId: otherManager.tenantId, name: 'Not yours', endpoint: 'https://other.example.com' },
      event: { _id: 'evt_other', type: 'media.updated', portalEventId: 'X' },
      at: new Date(start),
    }),
  ])
})
afterAll(() => t.close())

/** The tenant's deliveries matching a filter, in list order, straight from the database. */
async function databaseRows(filter: { appId?: string; status?: string; from?: string; to?: string } = {}, tenantId = admin.tenantId): Promise<DeliveryDocument[]> {
  const documents = await t.database.db
    .collection<DeliveryDocument>('deliveries')
    .find({ tenantId, ...(filter.appId ? { appId: filter.appId } : {}), ...(filter.status ? { status: filter.status as DeliveryStatus } : {}) })
    .toArray()
  return documents
    .filter((row) => (!filter.from || row.createdAt >= new Date(filter.from)) && (!filter.to || row.createdAt < new Date(filter.to)))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a._id < b._id ? 1 : -1))
}

async function download(query: string, token = manager.token): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const response = await fetch(`${t.baseUrl}/api/v1/logs/export?${query}`, { headers: { authorization: `Bearer ${token}` } })
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) }
}

const atOffset = (instant: Date, offsetHours: number, suffix: string) =>
  new Date(instant.getTime() + offsetHours * hour).toISOString().replace('Z', suffix)
const neutralised = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text)
const lastResponse = (row: DeliveryDocument) => (row.lastStatusCode !== undefined ? String(row.lastStatusCode) : (row.lastError ?? ''))

const failedInRange = { status: 'failed', from: '2024-05-02T00:00:00Z', to: '2024-05-04T00:00:00Z' }
const failedInRangeQuery = 'status=failed&from=2024-05-02&to=2024-05-03'

describe('GET /api/v1/logs/export', () => {
  it('CSV: every row the filter selects, in list order, as the database holds it', async () => {
    const expected = await databaseRows(failedInRange)
    expect(expected.length).toBeGreaterThan(5)
    const reply = await download(`format=csv&${failedInRangeQuery}&utcOffset=%2B09:00`)
    expect(reply.status).toBe(200)
    expect(reply.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    // Days in the report's offset: 2024-05-02T00:00Z to 2024-05-04T00:00Z is the 2nd, 9:00, to the 4th, 8:59, at +09:00.
    expect(reply.headers.get('content-disposition')).toBe('attachment; filename=acme-video_deliveries_failed_2024-05-02_to_2024-05-04.csv')
    const [header, ...rows] = parse(reply.bytes, { bom: true }) as string[][]
    // The Date & Time header names the zone (as the Excel one does); the ids that trace a row come last.
    expect(header).toEqual(['Application ID', 'Application name', 'Date & Time (UTC+09:00)', 'Event', 'Endpoint', 'Retry attempts', 'Status', 'Last response', 'Delivery ID', 'Event ID', 'Webhook ID (webhook-id)'])
    expect(rows).toEqual(
      expected.map((row) => [
        row.appId,
        neutralised(row.appName),
        atOffset(row.createdAt, 9, '+09:00'),
        row.eventType,
        row.endpoint,
        String(row.retryAttempts),
        row.status,
        neutralised(lastResponse(row)),
        row._id,
        row.eventId,
        row.messageId,
      ]),
    )
    expect(rows.flat()).toContain(`'${hostileError}`)
  })

  it('CSV without a filter: the whole log of the tenant, and no other tenant’s rows', async () => {
    const expected = await databaseRows()
    const reply = await download('format=csv')
    const rows = (parse(reply.bytes, { bom: true }) as string[][]).slice(1)
    expect(rows.map((row) => row[2])).toEqual(expected.map((row) => atOffset(row.createdAt, 0, '+00:00')))
    expect(rows.map((row) => row[0])).not.toContain('app_other')
    // Streamed: no length known up front.
    expect(reply.headers.get('transfer-encoding')).toBe('chunked')

    const other = (parse((await download('format=csv', otherManager.token)).bytes, { bom: true }) as string[][]).slice(1)
    expect(other.map((row) => row[0])).toEqual(['app_other'])
  })

  it('Excel: the same rows with typed cells, named for the application and range', async () => {
    const filter = { appId: mediaAppId, from: '2024-05-02T00:00:00Z', to: '2024-05-05T00:00:00Z' }
    const expected = await databaseRows(filter)
    expect(expected.length).toBeGreaterThan(5)
    const reply = await download(`format=xlsx&appId=${mediaAppId}&from=2024-05-02&to=2024-05-04`)
    expect(reply.status).toBe(200)
    expect(reply.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(reply.headers.get('content-disposition')).toBe('attachment; filename=media-sync-primary_deliveries_2024-05-02_to_2024-05-04.xlsx')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(reply.bytes as unknown as ExcelJS.Buffer)
    const sheet = workbook.getWorksheet('Deliveries')!
    const rows = sheet.getSheetValues().slice(2).map((row) => Array.from({ length: 11 }, (_, column) => (row as unknown[])[column + 1] ?? ''))
    expect(rows).toEqual(
      expected.map((row) => [
        row.appId,
        row.appName,
        row.createdAt,
        row.eventType,
        row.endpoint,
        row.retryAttempts,
        row.status,
        row.lastStatusCode ?? row.lastError ?? '',
        row._id,
        row.eventId,
        row.messageId,
      ]),
    )
    const about = Object.fromEntries(workbook.getWorksheet('Report')!.getSheetValues().slice(1).map((row) => (row as unknown[]).slice(1)))
    expect(about).toMatchObject({ Tenant: 'Acme Video', Application: `Media sync, "primary" (${mediaAppId})`, Rows: String(expected.length) })
  })

  it('PDF: the report lists the same rows in order, with counts by status and the filter', async () => {
    const expected = await databaseRows(failedInRange)
    const reply = await download(`format=pdf&${failedInRangeQuery}&utcOffset=-03:30`)
    expect(reply.status).toBe(200)
    expect(reply.headers.get('content-type')).toBe('application/pdf')
    expect(reply.headers.get('content-disposition')).toBe('attachment; filename=acme-video_deliveries_failed_2024-05-01_to_2024-05-03.pdf')
    const pages = await pdfTextItems(reply.bytes)
    const items = pages.flat()
    // Rows show wall-clock time in the chosen zone, which the column header names once.
    const times = items.filter((item) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(item))
    expect(times).toEqual(expected.map((row) => atOffset(row.createdAt, -3.5, '-03:30').slice(0, 19).replace('T', ' ')))
    // Each row carries the ids that trace it back to the log.
    expect(items.filter((item) => item.startsWith('dlv_'))).toEqual(expected.map((row) => row._id))
    expect(items.filter((item) => item.startsWith('msg_'))).toEqual(expected.map((row) => row.messageId))
    const text = compact(items.join(' '))
    expect(text).toContain(compact('Date & Time (UTC-03:30)'))
    expect(text).toContain(compact(`Summary: ${expected.length} deliveries: ${expected.length} failed`))
    expect(text).toContain(compact('Status: failed'))
    // The status label the screen shows, on every row.
    expect(items.filter((item) => item === 'Failed')).toHaveLength(expected.length)
    for (const name of new Set(expected.map((row) => row.appName))) expect(text).toContain(compact(name))
  })

  it('PDF of one application names it once, in the title block, not on every row', async () => {
    const expected = await databaseRows({ appId: mediaAppId })
    const reply = await download(`format=pdf&appId=${mediaAppId}`)
    expect(reply.status).toBe(200)
    const items = (await pdfTextItems(reply.bytes)).flat()
    const text = comparable(items.join(' '))
    expect(text).toContain(`Application: Media sync, "primary" (${mediaAppId})`)
    expect(text.split(mediaAppId)).toHaveLength(2)
    expect(items.filter((item) => item.startsWith('dlv_'))).toEqual(expected.map((row) => row._id))
  })

  it('PDF with Japanese and Arabic application names keeps them', async () => {
    const reply = await download('format=pdf&eventType=media.updated')
    const items = (await pdfTextItems(reply.bytes)).flat()
    expect(items.map(comparable)).toContain('東京支店 ウェブフック')
    expect(items.map(compact)).toContain(compact('متجر القاهرة'))
  })

  it('names the file in UTF-8 with an ASCII fallback when the application name is not Latin', async () => {
    // An app known only from its deliveries: the report takes the name they carry.
    const reply = await download('format=csv&appId=app_000000000000000000000002')
    expect(reply.status).toBe(200)
    const disposition = reply.headers.get('content-disposition')!
    // Without a range the name runs until the day of the export.
    const day = /until_(\d{4}-\d\d-\d\d)\.csv;/.exec(disposition)?.[1]
    expect(disposition).toBe(
      `attachment; filename=app-000000000000000000000002_deliveries_until_${day}.csv; filename*=UTF-8''${encodeURIComponent(`東京支店-ウェブフック_deliveries_until_${day}.csv`)}`,
    )
  })

  it.each([
    ['status=bogus', 'query.status'],
    ['from=2024-05-03&to=2024-05-01', 'query.from'],
    ['from=yesterday', 'query.from'],
    ['to=2024-13-45', 'query.to'],
    ['utcOffset=%2B25:00', 'query.utcOffset'],
    ['limit=10', 'query.limit'],
  ])('answers 400 with a problem for a bad filter: %s', async (query, path) => {
    const reply = await t.request('GET', `/api/v1/logs/export?format=csv&${query}`, { token: manager.token })
    expect(reply.status).toBe(400)
    expect(reply.headers.get('content-type')).toContain('application/problem+json')
    expect(reply.headers.get('content-disposition')).toBeNull()
    expect(reply.body.errors.map((error: { path: string }) => error.path)).toContain(path)
  })

  it('answers 400 without a format or with an unknown one', async () => {
    for (const query of ['', 'format=docx']) {
      const reply = await t.request('GET', `/api/v1/logs/export?${query}`, { token: manager.token })
      expect(reply.status).toBe(400)
      expect(reply.body.errors[0].path).toBe('query.format')
    }
  })

  it('accepts an unencoded "+" in the offset (it arrives as a space)', async () => {
    const reply = await download('format=csv&status=succeeded&utcOffset=+05:45')
    const rows = (parse(reply.bytes, { bom: true }) as string[][]).slice(1)
    expect(rows[0]![2]).toMatch(/\+05:45$/)
  })

  it('is for Managers and above of the tenant only', async () => {
    expect((await t.request('GET', '/api/v1/logs/export?format=csv')).status).toBe(401)
    const forbidden = await t.request('GET', '/api/v1/logs/export?format=csv', { token: moderator.token })
    expect(forbidden.status).toBe(403)
    expect((await download('format=csv', admin.token)).status).toBe(200)
  })

  it('is in the OpenAPI document with its file types and the PDF limit', async () => {
    const document = (await t.request('GET', '/api/v1/openapi.json')).body
    const operation = document.paths['/api/v1/logs/export'].get
    expect(Object.keys(operation.responses['200'].content)).toEqual([
      'text/csv',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/pdf',
    ])
    expect(operation.responses['422'].description).toContain('PDF')
    expect(operation.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(['appId', 'eventType', 'status', 'from', 'to', 'changedFrom', 'q', 'format', 'utcOffset'])
  })
})

// A PDF is built in memory, so it holds at most HOOKLINE_PDF_ROW_LIMIT rows.
// A second API on the same database, with a small limit, shows the refusal
// without storing 20,000 rows (minutes on a busy CI machine).
describe('PDF row limit', () => {
  it(`is ${pdfRowLimit} rows unless HOOKLINE_PDF_ROW_LIMIT says otherwise`, () => {
    expect(pdfRowLimit).toBe(20_000)
    expect(t.config.pdfRowLimit).toBe(pdfRowLimit)
  })

  it('serves a PDF of exactly the limit, and refuses one more row with 422 suggesting CSV or a narrower filter', async () => {
    const rowLimit = 40
    const limited = await startTestApi('api-log-exports-pdf-limit', { HOOKLINE_PDF_ROW_LIMIT: String(rowLimit) }, t.database)
    try {
      const tenant = await limited.createTenant('Big Portal')
      const app = { _id: 'app_big', tenantId: tenant.tenantId, name: 'Big', endpoint: 'https://big.example.com' }
      const row = (index: number) => newDelivery({ app, event: { _id: `evt_big_${index}`, type: 'media.updated', portalEventId: 'X' }, at: new Date(start + index) })
      await limited.api.store.deliveries.insertMany(Array.from({ length: rowLimit }, (_, index) => row(index)))

      const served = await limited.request('GET', '/api/v1/logs/export?format=pdf', { token: tenant.token })
      expect(served.status).toBe(200)
      expect(served.headers.get('content-type')).toBe('application/pdf')

      await limited.api.store.deliveries.insertMany([row(rowLimit)])
      const refused = await limited.request('GET', '/api/v1/logs/export?format=pdf', { token: tenant.token })
      expect(refused.status).toBe(422)
      expect(refused.headers.get('content-type')).toContain('application/problem+json')
      expect(refused.body).toMatchObject({ type: 'https://hookline.dev/problems/export-too-large', rowLimit })
      expect(refused.body.detail).toContain(`more than ${rowLimit} deliveries`)
      expect(refused.body.detail).toMatch(/CSV/)
      expect(refused.body.detail).toMatch(/narrow the filter/)
      expect(refused.headers.get('content-disposition')).toBeNull()
    } finally {
      await limited.close()
    }
  })
})
