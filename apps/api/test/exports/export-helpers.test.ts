import { describe, expect, it } from 'vitest'
import { exportFileName } from '../../src/exports/export-file-name.ts'
import { describeStatusCounts, emptyStatusCounts } from '../../src/exports/export-report.ts'
import { looksLikeFormula, neutraliseFormula } from '../../src/exports/formula-neutralisation.ts'
import { dateTimeFormatter, formatDateTime, formatUtcOffset, parseUtcOffset, sequentialDateTimeFormatter } from '../../src/exports/utc-offset.ts'
import { sampleReport } from '../support/export-fixtures.ts'

describe('formula neutralisation', () => {
  it.each(['=1+1', "=cmd|' /C calc'!A0", '+1', '-2', '@x', '\tTab', '\rCR', '＝1', '＋1', '－1', '＠x'])('prefixes %j with an apostrophe', (text) => {
    expect(looksLikeFormula(text)).toBe(true)
    expect(neutraliseFormula(text)).toBe(`'${text}`)
  })

  it.each(['', 'Plain', '1-2', 'a=b', ' =x', "'quoted", '東京'])('leaves %j alone', (text) => {
    expect(neutraliseFormula(text)).toBe(text)
  })
})

describe('UTC offsets', () => {
  it('parses and formats ±HH:MM', () => {
    expect(parseUtcOffset('+09:00')).toBe(540)
    expect(parseUtcOffset('-03:30')).toBe(-210)
    expect(parseUtcOffset('Z')).toBe(0)
    expect(parseUtcOffset('+00:00')).toBe(0)
    expect(formatUtcOffset(540)).toBe('+09:00')
    expect(formatUtcOffset(-210)).toBe('-03:30')
    expect(formatUtcOffset(0)).toBe('+00:00')
  })

  it.each(['9', '+9:00', '+09:60', '+15:00', '-13:00', 'Asia/Tokyo', '+0900', ''])('rejects %j', (text) => {
    expect(parseUtcOffset(text)).toBeUndefined()
  })

  it('formats instants as ISO 8601 with the offset', () => {
    const instant = new Date('2024-12-31T20:30:00.005Z')
    expect(formatDateTime(instant, 540)).toBe('2025-01-01T05:30:00.005+09:00')
    expect(formatDateTime(instant, -210)).toBe('2024-12-31T17:00:00.005-03:30')
    expect(formatDateTime(instant, 0)).toBe('2024-12-31T20:30:00.005+00:00')
  })

  it('formats a run of instants, reusing each minute, exactly as one at a time', () => {
    // Newest first as exports read them, with jumps across minutes, days, years, 1970 and back again.
    const instants = [
      ...Array.from({ length: 400 }, (_, index) => Date.UTC(2025, 0, 1, 0, 1, 0, 0) - index * 997),
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(1970, 0, 1, 0, 0, 0, 0),
      Date.UTC(1969, 11, 31, 23, 59, 59, 999),
      -1,
      Date.UTC(1969, 6, 20, 20, 17, 40, 5),
      Date.UTC(2024, 1, 29, 23, 59, 0, 0),
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(12000, 0, 1),
      Date.UTC(-50, 3, 1, 12, 0, 30, 1),
    ]
    for (const offset of [0, 540, -210, 840, -720, 345]) {
      const sequential = sequentialDateTimeFormatter(offset)
      const single = dateTimeFormatter(offset)
      for (const instant of instants) expect(sequential(instant)).toBe(single(new Date(instant)))
    }
  })
})

describe('export file names', () => {
  const may = { from: new Date('2024-04-30T15:00:00Z'), to: new Date('2024-05-31T15:00:00Z') }

  it('names the tenant, the date range (last day inclusive, in the offset) and the format', () => {
    expect(exportFileName(sampleReport({ tenantName: 'Acme Video', filter: may }), 'csv')).toEqual({
      fileName: 'acme-video_deliveries_2024-05-01_to_2024-05-31.csv',
      asciiFileName: 'acme-video_deliveries_2024-05-01_to_2024-05-31.csv',
    })
  })

  it('names the application when the filter has one, and the event type and status', () => {
    const report = sampleReport({ appName: 'Media sync', filter: { ...may, appId: 'app_1', eventType: 'media.updated', status: 'failed' } })
    expect(exportFileName(report, 'xlsx').fileName).toBe('media-sync_deliveries_media-updated_failed_2024-05-01_to_2024-05-31.xlsx')
  })

  it('says "until" without a start, up to the generation day without an end', () => {
    expect(exportFileName(sampleReport({ filter: { to: may.to } }), 'pdf').fileName).toBe('acme-video_deliveries_until_2024-05-31.pdf')
    // Generated 2024-05-03T12:00Z = 21:00 at +09:00.
    expect(exportFileName(sampleReport({ filter: { from: may.from } }), 'pdf').fileName).toBe('acme-video_deliveries_2024-05-01_to_2024-05-03.pdf')
    expect(exportFileName(sampleReport(), 'pdf').fileName).toBe('acme-video_deliveries_until_2024-05-03.pdf')
  })

  it('keeps other scripts in the name and gives an ASCII fallback', () => {
    expect(exportFileName(sampleReport({ tenantName: '東京 支店', filter: may }), 'csv')).toEqual({
      fileName: '東京-支店_deliveries_2024-05-01_to_2024-05-31.csv',
      asciiFileName: 'hookline_deliveries_2024-05-01_to_2024-05-31.csv',
    })
    const app = exportFileName(sampleReport({ appName: 'متجر', filter: { ...may, appId: 'app_9f' } }), 'csv')
    expect(app.fileName).toBe('متجر_deliveries_2024-05-01_to_2024-05-31.csv')
    expect(app.asciiFileName).toBe('app-9f_deliveries_2024-05-01_to_2024-05-31.csv')
    expect(exportFileName(sampleReport({ tenantName: 'Café Crème' }), 'csv').asciiFileName).toBe('cafe-creme_deliveries_until_2024-05-03.csv')
  })

  it('never lets a name carry path or header syntax', () => {
    const { fileName, asciiFileName } = exportFileName(sampleReport({ tenantName: '../../etc/passwd"\r\nX-Evil: 1' }), 'csv')
    for (const name of [fileName, asciiFileName]) expect(name).toMatch(/^[\p{L}\p{N}._-]+$/u)
  })
})

describe('status counts', () => {
  it('lists the statuses with rows, in the log order', () => {
    expect(describeStatusCounts({ ...emptyStatusCounts(), succeeded: 1200, failed: 3 })).toBe('1,203 deliveries: 1,200 succeeded, 3 failed')
    expect(describeStatusCounts({ ...emptyStatusCounts(), skipped: 1 })).toBe('1 delivery: 1 skipped')
    expect(describeStatusCounts(emptyStatusCounts())).toBe('0 deliveries')
  })
})
