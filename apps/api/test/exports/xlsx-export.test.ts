import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { writeXlsxExport, xlsxSheetNames } from '../../src/exports/xlsx-export.ts'
import { asyncRows, collectingStream, hostileRecords, sampleReport } from '../support/export-fixtures.ts'

async function exportXlsx(records = hostileRecords(26), report = sampleReport()): Promise<ExcelJS.Workbook> {
  const sink = collectingStream()
  await writeXlsxExport(asyncRows(records), report, sink.out)
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load((await sink.done) as unknown as ExcelJS.Buffer)
  return workbook
}

function rowsSheet(workbook: ExcelJS.Workbook): ExcelJS.Worksheet {
  const sheet = workbook.getWorksheet(xlsxSheetNames.rows)
  if (!sheet) throw new Error('no rows sheet')
  return sheet
}

describe('Excel export', () => {
  it('reads back through exceljs as exactly the rows, with typed cells', async () => {
    const records = hostileRecords(26)
    const sheet = rowsSheet(await exportXlsx(records))
    expect(sheet.rowCount).toBe(records.length + 1)
    records.forEach((record, index) => {
      const row = sheet.getRow(index + 2)
      const values = Array.from({ length: 11 }, (_, column) => row.getCell(column + 1).value ?? undefined)
      // Spreadsheet times are wall-clock times at the report's offset (+09:00).
      const wallClock = new Date(Date.parse(record.createdAt) + 9 * 3_600_000)
      expect(values).toEqual([
        record.appId,
        // XML has no bare CR in text: a spreadsheet reads it as a line feed.
        record.appName.replace(/\r/g, '\n'),
        wallClock,
        record.eventType,
        record.endpoint,
        record.retryAttempts,
        record.status,
        record.lastStatusCode ?? record.lastError ?? undefined,
        // The ids that trace the row back to the log come last.
        record.id,
        record.eventId,
        record.messageId,
      ])
      expect(row.getCell(3).type).toBe(ExcelJS.ValueType.Date)
      expect(row.getCell(6).type).toBe(ExcelJS.ValueType.Number)
      if (record.lastStatusCode !== undefined) expect(row.getCell(8).type).toBe(ExcelJS.ValueType.Number)
      expect(row.getCell(3).numFmt).toBe('yyyy-mm-dd hh:mm:ss.000')
    })
  })

  it('keeps formula-like names as text, never formulas', async () => {
    const sheet = rowsSheet(await exportXlsx())
    const names = sheet.getColumn(2).values.slice(2)
    expect(names).toContain("=cmd|' /C calc'!A0")
    sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)))
  })

  it('has a styled, frozen header row with an autofilter over the whole table and sensible widths', async () => {
    const records = hostileRecords(26)
    const sheet = rowsSheet(await exportXlsx(records))
    const header = sheet.getRow(1)
    expect((header.values as unknown[]).slice(1)).toEqual([
      'Application ID',
      'Application name',
      'Date & Time (UTC+09:00)',
      'Event',
      'Endpoint',
      'Retry attempts',
      'Status',
      'Last response',
      'Delivery ID',
      'Event ID',
      'Webhook ID (webhook-id)',
    ])
    header.eachCell((cell) => {
      expect(cell.font?.bold).toBe(true)
      expect(cell.fill).toMatchObject({ type: 'pattern', pattern: 'solid' })
    })
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(sheet.autoFilter).toBe(`A1:K${records.length + 1}`)
    for (let column = 1; column <= 11; column++) {
      expect(sheet.getColumn(column).width).toBeGreaterThanOrEqual(10)
    }
    expect(sheet.getColumn(5).width).toBeGreaterThan(sheet.getColumn(7).width!)
  })

  it('states tenant, filter and time of generation on a second sheet', async () => {
    const report = sampleReport({
      tenantName: '東京 Video',
      appName: 'متجر القاهرة',
      filter: { appId: 'app_1', status: 'failed', from: new Date('2024-05-01T00:00:00Z'), to: new Date('2024-05-02T00:00:00Z') },
    })
    const about = (await exportXlsx(hostileRecords(3), report)).getWorksheet(xlsxSheetNames.about)!
    const facts = Object.fromEntries(about.getSheetValues().slice(1).map((row) => (row as unknown[]).slice(1)))
    expect(facts).toEqual({
      Tenant: '東京 Video',
      Application: 'متجر القاهرة (app_1)',
      Status: 'failed',
      From: '2024-05-01T09:00:00.000+09:00',
      Before: '2024-05-02T09:00:00.000+09:00',
      Generated: '2024-05-03T21:00:00.000+09:00',
      'Times in': 'UTC+09:00',
      Rows: '3',
    })
  })

  it('writes a valid workbook with only the header when nothing matches', async () => {
    const sheet = rowsSheet(await exportXlsx([]))
    expect(sheet.rowCount).toBe(1)
    expect(sheet.autoFilter).toBe('A1:K1')
  })

  it('streams: output is written before the last row is read', async () => {
    const sink = collectingStream()
    let bytesWhenLastRowRead = -1
    const total = 20_000
    const template = hostileRecords(1)[0]!
    async function* rows() {
      for (let index = 0; index < total; index++) {
        if (index === total - 1) bytesWhenLastRowRead = sink.bytes().length
        yield { ...template, id: `dlv_${index}`, appName: `App ${index}` }
      }
    }
    await writeXlsxExport(rows(), sampleReport(), sink.out)
    const bytes = await sink.done
    expect(bytesWhenLastRowRead).toBeGreaterThan(50_000)
    expect(bytes.length).toBeGreaterThan(bytesWhenLastRowRead)
  })
})
