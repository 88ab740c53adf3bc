import { isUtf8 } from 'node:buffer'
import { BsonFieldLocator, bsonNumberAt, bsonType, exportedDeliveryFieldNames, type ExportedDelivery } from '@hookline/store'
import { csvNumberCell, csvTextCell } from './csv-fields.ts'
import { exportColumns, type ExportColumnKey } from './export-columns.ts'

/**
 * CSV lines rendered straight from stored deliveries' BSON bytes: text
 * fields are copied byte for byte when they need neither quotes nor a
 * formula guard (nearly always), so a row costs no object, no Date and no
 * string per field. At 100,000 rows, decoding each document and building
 * its record took more of the API's time than the database took to send
 * the rows.
 *
 * The output is exactly what csv-export.ts's record path writes for the
 * same delivery (csv-bson-rows.test.ts compares them on hostile rows):
 * cells needing quotes or a guard go through the same csvTextCell, and a
 * document this reader does not expect (a field missing or of another
 * type) is refused, so the caller renders it the ordinary way.
 */

const slotOf = (name: keyof ExportedDelivery): number => exportedDeliveryFieldNames.indexOf(name)
const slots = {
  id: slotOf('_id'),
  appId: slotOf('appId'),
  appName: slotOf('appName'),
  eventId: slotOf('eventId'),
  eventType: slotOf('eventType'),
  endpoint: slotOf('endpoint'),
  messageId: slotOf('messageId'),
  status: slotOf('status'),
  retryAttempts: slotOf('retryAttempts'),
  lastStatusCode: slotOf('lastStatusCode'),
  lastError: slotOf('lastError'),
  createdAt: slotOf('createdAt'),
}

const comma = 0x2c
const semicolon = 0x3b
const quote = 0x22
const tab = 0x09
const carriageReturn = 0x0d
const lineFeed = 0x0a
/** A text cell's first byte that makes it formula-like (formula-neutralisation.ts). */
const formulaFirstBytes = new Set([0x3d /* = */, 0x2b /* + */, 0x2d /* - */, 0x40 /* @ */, tab, carriageReturn])
/** The full-width ＝ ＋ － ＠ (U+FF1D, U+FF0B, U+FF0D, U+FF20) in UTF-8: EF BC then one of these. */
const fullWidthFormulaThirdBytes = new Set([0x9d, 0x8b, 0x8d, 0xa0])

/**
 * Room for one row, whatever its fields hold: text through csvTextCell at
 * most doubles (doubled quotes, plus the guard and enclosing quotes), plus
 * the date, the numbers and the separators. Buffer.write would cut a longer
 * text short without a word.
 */
function worstCaseRowBytes(documentBytes: number): number {
  return 2 * documentBytes + 256
}

type CellWriter = (rows: CsvBsonRows, document: Uint8Array) => boolean

/** How each column is written from the located fields; false when the document does not hold what the column expects. */
const cellWriters: Record<ExportColumnKey, CellWriter> = {
  appId: (rows, document) => rows.textCell(document, slots.appId),
  appName: (rows, document) => rows.textCell(document, slots.appName),
  dateTime: (rows, document) => rows.dateCell(document, slots.createdAt),
  event: (rows, document) => rows.textCell(document, slots.eventType),
  endpoint: (rows, document) => rows.textCell(document, slots.endpoint),
  retryAttempts: (rows, document) => rows.numberCell(document, slots.retryAttempts),
  status: (rows, document) => rows.textCell(document, slots.status),
  lastResponse: (rows, document) => rows.lastResponseCell(document),
  deliveryId: (rows, document) => rows.textCell(document, slots.id),
  eventId: (rows, document) => rows.textCell(document, slots.eventId),
  webhookId: (rows, document) => rows.textCell(document, slots.messageId),
}
const writersInOrder = exportColumns.map(({ key }) => cellWriters[key])

export class CsvBsonRows {
  readonly #locator = new BsonFieldLocator(exportedDeliveryFieldNames)
  readonly #formatInstant: (instantMs: number) => string
  readonly #chunkBytes: number
  #chunk: Buffer
  #length = 0

  /** `formatInstant`: a creation time (epoch milliseconds) as its cell; `chunkBytes`: how full a chunk gets before `full` says so. */
  constructor(formatInstant: (instantMs: number) => string, chunkBytes: number) {
    this.#formatInstant = formatInstant
    this.#chunkBytes = chunkBytes
    this.#chunk = Buffer.allocUnsafe(chunkBytes + worstCaseRowBytes(1024))
  }

  /** Whether the chunk has reached its size and should be taken and written. */
  get full(): boolean {
    return this.#length >= this.#chunkBytes
  }

  /** The rows written so far, handed over (the next rows go to a new chunk: the caller's stream may still hold this one). */
  take(): Buffer {
    const taken = this.#chunk.subarray(0, this.#length)
    this.#chunk = Buffer.allocUnsafe(this.#chunk.length)
    this.#length = 0
    return taken
  }

  /**
   * Appends the document's row (ending CRLF included). False, with nothing
   * appended, when the document is not one this reader writes; render that
   * one from its decoded record instead (`appendLine`).
   */
  appendDocument(document: Uint8Array): boolean {
    if (!this.#locator.locate(document)) return false
    this.#reserve(worstCaseRowBytes(document.length))
    const rowStart = this.#length
    for (let column = 0; column < writersInOrder.length; column++) {
      if (column > 0) this.#chunk[this.#length++] = comma
      if (!writersInOrder[column]!(this, document)) {
        this.#length = rowStart
        return false
      }
    }
    this.#chunk[this.#length++] = carriageReturn
    this.#chunk[this.#length++] = lineFeed
    return true
  }

  /** Appends a line rendered elsewhere (a refused document's, from its record). */
  appendLine(line: string): void {
    this.#reserve(Buffer.byteLength(line))
    this.#length += this.#chunk.write(line, this.#length, 'utf8')
  }

  /** A text field: copied as it is when it needs no quotes and no formula guard, else through csvTextCell. */
  textCell(document: Uint8Array, slot: number): boolean {
    if (this.#locator.types[slot] !== bsonType.string) return false
    const start = this.#locator.starts[slot]!
    const end = this.#locator.ends[slot]!
    if (start < end && looksLikeFormulaStart(document, start, end)) return this.#slowTextCell(document, start, end)
    const chunk = this.#chunk
    let at = this.#length
    let highBits = 0
    for (let index = start; index < end; index++) {
      const byte = document[index]!
      if (byte === comma || byte === semicolon || byte === quote || byte === tab || byte === carriageReturn || byte === lineFeed) {
        return this.#slowTextCell(document, start, end)
      }
      highBits |= byte
      chunk[at++] = byte
    }
    // Text beyond ASCII is checked, as the decoder does: bytes that are not UTF-8 are refused, not copied.
    if (highBits & 0x80 && !isUtf8(document.subarray(start, end))) return false
    this.#length = at
    return true
  }

  /** A count the export writes itself, as csvNumberCell does. */
  numberCell(document: Uint8Array, slot: number): boolean {
    const value = bsonNumberAt(document, this.#locator.types[slot]!, this.#locator.starts[slot]!)
    if (value === undefined || this.#locator.types[slot] === bsonType.dateTime) return false
    this.#length += this.#chunk.write(csvNumberCell(value), this.#length, 'latin1')
    return true
  }

  /** The creation time in the report's offset. */
  dateCell(document: Uint8Array, slot: number): boolean {
    if (this.#locator.types[slot] !== bsonType.dateTime) return false
    const instant = bsonNumberAt(document, bsonType.dateTime, this.#locator.starts[slot]!)
    if (instant === undefined) return false
    this.#length += this.#chunk.write(this.#formatInstant(instant), this.#length, 'latin1')
    return true
  }

  /** The last status code; without one (absent or null), the last error; without that, empty. */
  lastResponseCell(document: Uint8Array): boolean {
    const codeType = this.#locator.types[slots.lastStatusCode]!
    if (codeType !== 0 && codeType !== bsonType.null) return this.numberCell(document, slots.lastStatusCode)
    const errorType = this.#locator.types[slots.lastError]!
    if (errorType === 0 || errorType === bsonType.null) return true
    return this.textCell(document, slots.lastError)
  }

  #slowTextCell(document: Uint8Array, start: number, end: number): boolean {
    if (!isUtf8(document.subarray(start, end))) return false
    const text = Buffer.from(document.buffer, document.byteOffset, document.byteLength).toString('utf8', start, end)
    this.#length += this.#chunk.write(csvTextCell(text), this.#length, 'utf8')
    return true
  }

  /** Makes room for `bytes` more; the caller takes full chunks between rows, so this only grows a chunk for an unusually large row. */
  #reserve(bytes: number): void {
    if (this.#length + bytes <= this.#chunk.length) return
    const grown = Buffer.allocUnsafe(this.#length + bytes + this.#chunkBytes)
    this.#chunk.copy(grown, 0, 0, this.#length)
    this.#chunk = grown
  }
}

function looksLikeFormulaStart(document: Uint8Array, start: number, end: number): boolean {
  const first = document[start]!
  if (formulaFirstBytes.has(first)) return true
  return first === 0xef && end - start >= 3 && document[start + 1] === 0xbc && fullWidthFormulaThirdBytes.has(document[start + 2]!)
}
