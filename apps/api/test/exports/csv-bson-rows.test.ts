// CSV lines written from stored documents' bytes must be exactly the lines
// the record path writes (decode, record, row, cells) for the same delivery:
// compared byte for byte on hostile text, every number and null shape, and
// documents the byte reader refuses.
import { decodeExportedDelivery } from '@hookline/store'
import { BSON, Double, Int32, Long } from 'mongodb'
import { describe, expect, it } from 'vitest'
import { CsvBsonRows } from '../../src/exports/csv-bson-rows.ts'
import { csvLine, writeCsvExport } from '../../src/exports/csv-export.ts'
import { toExportRow } from '../../src/exports/export-columns.ts'
import { toExportRecord } from '../../src/exports/export-records.ts'
import { dateTimeFormatter, sequentialDateTimeFormatter } from '../../src/exports/utc-offset.ts'
import { collectingStream, hostileRecords, sampleReport, storedDocument } from '../support/export-fixtures.ts'

const formatDateTime = dateTimeFormatter(540)

function recordPathLine(document: Uint8Array): string {
  return csvLine(toExportRow(toExportRecord(decodeExportedDelivery(document))), formatDateTime)
}

function stored(overrides: Record<string, unknown>, without: string[] = []): Uint8Array {
  const base = BSON.deserialize(storedDocument(hostileRecords(1)[0]!))
  for (const field of without) delete base[field]
  return BSON.serialize({ ...base, ...overrides })
}

/** Text that must be quoted, guarded, or carried through unchanged. */
const hostileTexts = [
  '',
  'plain',
  'a,b',
  'a;b',
  'say "hi"',
  'tab\there',
  'line\nbreak',
  'cr\rhere',
  '=1+1',
  '+1',
  '-1',
  '@sum',
  '\tstarts with a tab',
  '\rstarts with CR',
  '\uFF1D1+1',
  '\uFF0B1',
  '\uFF0D1',
  '\uFF20x',
  '\uFF21 full-width A is harmless',
  'ends with =',
  '東京支店 ウェブフック',
  'متجر القاهرة',
  'emoji 🎉 and nul\u0000inside',
  "'already quoted",
]

describe('CSV rows from BSON bytes', () => {
  const documents: Uint8Array[] = [
    ...hostileRecords(40).map(storedDocument),
    ...hostileTexts.flatMap((text) => [
      stored({ appName: text }),
      stored({ endpoint: text, eventType: text }),
      stored({ lastStatusCode: null, lastError: text }),
      stored({ _id: text, eventId: text, messageId: text, appId: text, status: text }),
    ]),
    // Numbers of every width the driver may have stored, and null or missing responses.
    stored({ retryAttempts: new Int32(0), lastStatusCode: new Int32(204) }),
    stored({ retryAttempts: Long.fromNumber(3), lastStatusCode: Long.fromNumber(503) }),
    stored({ retryAttempts: new Double(2), lastStatusCode: new Double(200.5) }),
    stored({ lastStatusCode: null }, ['lastError']),
    stored({}, ['lastStatusCode', 'lastError']),
    stored({ lastError: null }, ['lastStatusCode']),
    stored({ lastStatusCode: 0, lastError: 'ignored when a code is there' }),
    // Times before 1970, at a day's edge in the offset, and far ahead.
    stored({ createdAt: new Date(Date.UTC(1969, 6, 20, 20, 17, 40, 5)) }),
    stored({ createdAt: new Date(Date.UTC(2024, 11, 31, 15, 0, 0, 0)) }),
    stored({ createdAt: new Date(Date.UTC(2199, 0, 1)) }),
    // Fields in another order than the projection's.
    BSON.serialize(Object.fromEntries(Object.entries(BSON.deserialize(storedDocument(hostileRecords(2)[1]!))).reverse())),
  ]

  it('writes every document exactly as the record path does, from its bytes', () => {
    for (const document of documents) {
      const rows = new CsvBsonRows(sequentialDateTimeFormatter(540), 64 * 1024)
      expect(rows.appendDocument(document), BSON.deserialize(document)._id as string).toBe(true)
      expect(rows.take().toString('utf8')).toBe(recordPathLine(document))
    }
  })

  it('refuses, writing nothing, documents it does not expect; their record path still writes them', () => {
    const refused = [
      // An int64 beyond what a double holds: the decoder gives a Long.
      stored({ retryAttempts: Long.fromString('9007199254740993') }),
      // A status code stored as text.
      stored({ lastStatusCode: '503' }),
      // A count stored as text.
      stored({ retryAttempts: '2' }),
      // An element type the byte reader does not walk, anywhere in the document.
      stored({ note: /pattern/u }),
    ]
    for (const document of refused) {
      const rows = new CsvBsonRows(sequentialDateTimeFormatter(540), 64 * 1024)
      rows.appendLine('before\r\n')
      expect(rows.appendDocument(document)).toBe(false)
      expect(rows.take().toString('utf8')).toBe('before\r\n')
      expect(recordPathLine(document)).toMatch(/\r\n$/)
    }
  })

  it('refuses text that is not UTF-8, which the decoder refuses too, with or without characters to quote', () => {
    // "Zürich" and "Zürich, 2" with the second byte of ü (C3 BC) broken off: a lone lead byte.
    for (const name of ['Zürich', 'Zürich, 2']) {
      const bytes = Buffer.from(stored({ appName: name }))
      const at = bytes.indexOf(Buffer.from('ü'))
      bytes[at + 1] = 0x41
      const rows = new CsvBsonRows(sequentialDateTimeFormatter(540), 64 * 1024)
      expect(rows.appendDocument(bytes)).toBe(false)
      expect(rows.take()).toHaveLength(0)
      expect(() => recordPathLine(bytes)).toThrow(/UTF-8/i)
    }
  })

  it('writes an export of refused and accepted rows alike, each as the record path would', async () => {
    const mixed = [documents[0]!, stored({ lastStatusCode: '503' }), documents[1]!, stored({ retryAttempts: Long.fromString('9007199254740993') }), documents[2]!]
    const sink = collectingStream()
    await writeCsvExport(
      (async function* () {
        yield mixed
      })(),
      sampleReport(),
      sink.out,
    )
    const lines = (await sink.done).toString('utf8').split('\r\n').slice(1, -1)
    expect(lines.map((line) => `${line}\r\n`)).toEqual(mixed.map(recordPathLine))
  })

  it('fills chunks to their size, hands each over whole, and grows one for a row larger than a chunk', () => {
    const rows = new CsvBsonRows(sequentialDateTimeFormatter(540), 256)
    const expected: string[] = []
    const taken: Buffer[] = []
    const big = stored({ endpoint: `https://x.example.com/${'p'.repeat(5_000)}` })
    for (const document of [...documents.slice(0, 30), big, ...documents.slice(30, 60)]) {
      expect(rows.appendDocument(document)).toBe(true)
      expected.push(recordPathLine(document))
      if (rows.full) taken.push(rows.take())
    }
    taken.push(rows.take())
    expect(taken.length).toBeGreaterThan(10)
    expect(Buffer.concat(taken).toString('utf8')).toBe(expected.join(''))
  })
})
