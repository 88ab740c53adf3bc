import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { writeCsvExport } from '../../src/exports/csv-export.ts'
import { collectingStream, hostileRecords, sampleReport, storedDocument, storedRows } from '../support/export-fixtures.ts'

// The zone in the Date & Time header, as in the Excel export; the ids last, after the columns earlier exports had.
const header = ['Application ID', 'Application name', 'Date & Time (UTC+09:00)', 'Event', 'Endpoint', 'Retry attempts', 'Status', 'Last response', 'Delivery ID', 'Event ID', 'Webhook ID (webhook-id)']

/** What each hostile name must read back as: formula-like ones behind an apostrophe. */
const expectedCell: Record<string, string> = {
  "=cmd|' /C calc'!A0": "'=cmd|' /C calc'!A0",
  '+1': "'+1",
  '-2': "'-2",
  '@x': "'@x",
  '\tTabbed': "'\tTabbed",
  '\rCarriage': "'\rCarriage",
}

function at(offsetIso: string, createdAt: string): string {
  const [, sign, hours, minutes] = /^([+-])(\d\d):(\d\d)$/.exec(offsetIso)!
  const shift = (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) * 60_000
  return new Date(Date.parse(createdAt) + shift).toISOString().replace('Z', offsetIso)
}

async function exportCsv(records = hostileRecords(), report = sampleReport()): Promise<Buffer> {
  const sink = collectingStream()
  await writeCsvExport(storedRows(records), report, sink.out)
  return sink.done
}

describe('CSV export', () => {
  it('starts with a UTF-8 byte-order mark and ends records with CRLF', async () => {
    const bytes = await exportCsv()
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.subarray(3).toString('utf8')
    expect(text.startsWith(`${header.join(',')}\r\n`)).toBe(true)
    expect(text.endsWith('\r\n')).toBe(true)
  })

  it('reads back through a CSV parser as exactly the rows, formula-like text neutralised', async () => {
    const records = hostileRecords(26)
    const parsed: string[][] = parse(await exportCsv(records), { bom: true, relax_column_count: false })
    expect(parsed[0]).toEqual(header)
    expect(parsed).toHaveLength(records.length + 1)
    records.forEach((record, index) => {
      const lastResponse = record.lastStatusCode !== undefined ? String(record.lastStatusCode) : (record.lastError ?? '')
      expect(parsed[index + 1]).toEqual([
        record.appId,
        expectedCell[record.appName] ?? record.appName,
        at('+09:00', record.createdAt),
        record.eventType,
        record.endpoint,
        String(record.retryAttempts),
        record.status,
        lastResponse.startsWith('=') ? `'${lastResponse}` : lastResponse,
        record.id,
        record.eventId,
        record.messageId,
      ])
    })
  })

  it('quotes commas, quotes and line breaks as RFC 4180 says', async () => {
    const text = (await exportCsv()).toString('utf8')
    expect(text).toContain(',"Comma, Inc.",')
    expect(text).toContain(',"The ""quoted"" app",')
    expect(text).toContain(',"Line one\nline two",')
    expect(text).toContain(`,"'\rCarriage",`)
    // Unremarkable fields stay bare.
    expect(text).toContain(',Plain shop,')
  })

  it('quotes every field with a semicolon or a tab too, for semicolon-locale spreadsheets (issue 14, finding 6)', async () => {
    const names = ['Report;=1+1;', 'Tab\tinside', 'Semi;colon', 'Plain shop']
    const records = hostileRecords(names.length).map((record, index) => ({ ...record, appName: names[index]!, lastError: 'a;b', lastStatusCode: undefined }))
    const text = (await exportCsv(records)).toString('utf8')
    expect(text).toContain(',"Report;=1+1;",')
    expect(text).toContain(',"Tab\tinside",')
    expect(text).toContain(',"Semi;colon",')
    expect(text).toContain(',"a;b",dlv_')
    expect(text).toContain(',Plain shop,')
    // Still reads back exactly.
    const parsed: string[][] = parse(text, { bom: true })
    expect(parsed.slice(1).map((row) => row[1])).toEqual(['Report;=1+1;', 'Tab\tinside', 'Semi;colon', 'Plain shop'])
  })

  it('keeps Japanese and Arabic text intact in UTF-8', async () => {
    const text = (await exportCsv()).toString('utf8')
    expect(text).toContain(',東京支店 ウェブフック,')
    expect(text).toContain(',متجر القاهرة,')
  })

  it('writes the header alone when nothing matches', async () => {
    const parsed: string[][] = parse(await exportCsv([]), { bom: true })
    expect(parsed).toEqual([header])
  })

  it('uses the report offset for every time', async () => {
    const [record] = hostileRecords(1)
    const parsed: string[][] = parse(await exportCsv([record!], sampleReport({ utcOffsetMinutes: -210 })), { bom: true })
    expect(record!.createdAt).toBe('2024-05-02T09:14:03.120Z')
    expect(parsed[1]![2]).toBe('2024-05-02T05:44:03.120-03:30')
  })

  it('streams: output is written before the last row is read', async () => {
    const sink = collectingStream()
    let bytesWhenLastRowRead = -1
    const total = 20_000
    const template = hostileRecords(1)[0]!
    async function* rows() {
      for (let index = 0; index < total; index++) {
        if (index === total - 1) bytesWhenLastRowRead = sink.bytes().length
        yield [storedDocument({ ...template, id: `dlv_${index}` })]
      }
    }
    await writeCsvExport(rows(), sampleReport(), sink.out)
    const bytes = await sink.done
    expect(bytesWhenLastRowRead).toBeGreaterThan(100_000)
    expect(bytes.length).toBeGreaterThan(bytesWhenLastRowRead)
  })

  it('fails, destroying the output, when reading rows fails', async () => {
    const sink = collectingStream()
    async function* rows() {
      yield [storedDocument(hostileRecords(1)[0]!)]
      throw new Error('cursor died')
    }
    await expect(writeCsvExport(rows(), sampleReport(), sink.out)).rejects.toThrow('cursor died')
    expect(sink.out.destroyed).toBe(true)
  })
})
