import type { DeliveryStatus } from '@hookline/core'
import { BSON } from 'mongodb'
import { PassThrough, type Writable } from 'node:stream'
import type { ExportRecord } from '../../src/exports/export-columns.ts'
import type { ExportReport } from '../../src/exports/export-report.ts'

/** Application names an export must carry through unchanged (or, in CSV, neutralised). */
export const hostileAppNames = [
  'Plain shop',
  'Comma, Inc.',
  'The "quoted" app',
  'Line one\nline two',
  "=cmd|' /C calc'!A0",
  '+1',
  '-2',
  '@x',
  '\tTabbed',
  '\rCarriage',
  '東京支店 ウェブフック',
  'متجر القاهرة',
  'Ünïcödé café',
] as const

export const longEndpoint = `https://hooks.example.com/${'very-long-path-segment/'.repeat(8)}receive?token=${'x'.repeat(40)}`

const statuses: DeliveryStatus[] = ['succeeded', 'failed', 'retrying', 'pending', 'skipped']

/** One record per hostile name (and a long endpoint and error on some), newest first. */
export function hostileRecords(count: number = hostileAppNames.length): ExportRecord[] {
  const newest = Date.UTC(2024, 4, 2, 9, 14, 3, 120)
  return Array.from({ length: count }, (_, index) => {
    const status = statuses[index % statuses.length]!
    const createdAt = new Date(newest - index * 61_001).toISOString()
    return {
      id: `dlv_${String(index).padStart(6, '0')}`,
      appId: `app_${index.toString(16).padStart(24, '0')}`,
      appName: hostileAppNames[index % hostileAppNames.length]!,
      eventId: `evt_${index}`,
      messageId: `msg_${String(index).padStart(24, 'a')}`,
      eventType: index % 2 === 0 ? 'media.updated' : 'comment.created',
      portalEventId: 'MashupUpdated',
      endpoint: index % 3 === 0 ? longEndpoint : `https://hooks.example.com/app/${index}`,
      status,
      retryAttempts: index % 4,
      ...(status === 'succeeded' ? { lastStatusCode: 200 } : {}),
      ...(status === 'failed' && index % 2 === 0 ? { lastStatusCode: 410, lastError: '410 Gone from https://hooks.example.com' } : {}),
      ...(status === 'failed' && index % 2 === 1 ? { lastError: '=HYPERLINK("http://evil.example", "ECONNREFUSED, connection refused")' } : {}),
      ...(status === 'retrying' ? { lastError: 'timeout after 10 s' } : {}),
      durationMs: 12 * index,
      createdAt,
      updatedAt: createdAt,
    }
  })
}

/** A record as the store keeps it (the exported fields of a delivery document), in BSON: what an export reads. */
export function storedDocument(record: ExportRecord): Uint8Array {
  return BSON.serialize({
    _id: record.id,
    appId: record.appId,
    appName: record.appName,
    eventId: record.eventId,
    eventType: record.eventType,
    endpoint: record.endpoint,
    messageId: record.messageId,
    status: record.status,
    retryAttempts: record.retryAttempts,
    // Stored deliveries without a response hold null; the record leaves it out.
    lastStatusCode: record.lastStatusCode ?? null,
    ...(record.lastError !== undefined ? { lastError: record.lastError } : {}),
    createdAt: new Date(record.createdAt),
  })
}

/** The records as an export's rows: stored documents, `batchSize` at a time, as the store hands them over. */
export async function* storedRows(records: Iterable<ExportRecord>, batchSize = 3): AsyncGenerator<Uint8Array[]> {
  let batch: Uint8Array[] = []
  for (const record of records) {
    batch.push(storedDocument(record))
    if (batch.length === batchSize) {
      yield batch
      batch = []
    }
  }
  if (batch.length > 0) yield batch
}

export async function* asyncRows<T>(rows: Iterable<T>): AsyncGenerator<T> {
  for (const row of rows) yield row
}

export function sampleReport(overrides: Partial<ExportReport> = {}): ExportReport {
  return {
    tenantName: 'Acme Video',
    filter: {},
    generatedAt: new Date(Date.UTC(2024, 4, 3, 12, 0, 0, 0)),
    utcOffsetMinutes: 540,
    ...overrides,
  }
}

/** A writable that keeps everything written to it. */
export function collectingStream(): { out: Writable; bytes: () => Buffer; done: Promise<Buffer> } {
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    out.on('end', () => resolve(Buffer.concat(chunks)))
    out.on('error', reject)
  })
  // Tests that expect a failure never read `done`; keep its rejection handled.
  done.catch(() => {})
  return { out, bytes: () => Buffer.concat(chunks), done }
}
