/**
 * Finds named top-level fields in a BSON document's bytes without decoding
 * it: each field's type and where its value lies. For readers that copy
 * values straight out (the CSV export writes text fields' UTF-8 bytes as
 * they are) instead of building an object per document and a string per
 * field, which cost more than the database read at 100,000 rows.
 *
 * Only the element types a stored document can hold are known; a document
 * with any other type, or whose bytes do not add up, is refused (`locate`
 * answers false) and the caller decodes it the ordinary way.
 */

/** BSON element types (bsonspec.org), the ones this reader walks over. */
export const bsonType = Object.freeze({
  double: 0x01,
  string: 0x02,
  document: 0x03,
  array: 0x04,
  binary: 0x05,
  objectId: 0x07,
  boolean: 0x08,
  dateTime: 0x09,
  null: 0x0a,
  int32: 0x10,
  timestamp: 0x11,
  int64: 0x12,
  decimal128: 0x13,
})

/** Bytes of a fixed-size value; -1 for the types that carry their own length (and unknown ones). */
function fixedSizeOf(type: number): number {
  switch (type) {
    case bsonType.null:
      return 0
    case bsonType.boolean:
      return 1
    case bsonType.int32:
      return 4
    case bsonType.double:
    case bsonType.dateTime:
    case bsonType.timestamp:
    case bsonType.int64:
      return 8
    case bsonType.objectId:
      return 12
    case bsonType.decimal128:
      return 16
    default:
      return -1
  }
}

export class BsonFieldLocator {
  /** Per field, in the order the names were given: its BSON type, 0 when the document lacks it. */
  readonly types: Uint8Array
  /** Where the value starts: a string's first byte (after its length), a number's first byte. */
  readonly starts: Int32Array
  /** Where the value ends (exclusive): a string's end before its closing NUL. */
  readonly ends: Int32Array
  /**
   * Which name an element's name may be, by its length and first byte (one
   * table read per element, then one comparison): slot + 1, 0 for none, -1
   * when several names share both (then compared one by one).
   */
  readonly #candidateByShape = new Int16Array(maxIndexedNameLength * 256)
  readonly #nameBytes: Uint8Array[]

  constructor(readonly names: readonly string[]) {
    this.types = new Uint8Array(names.length)
    this.starts = new Int32Array(names.length)
    this.ends = new Int32Array(names.length)
    this.#nameBytes = names.map((name) => new TextEncoder().encode(name))
    this.#nameBytes.forEach((bytes, slot) => {
      const shape = bytes.length < maxIndexedNameLength && bytes.length > 0 ? bytes.length * 256 + bytes[0]! : -1
      if (shape < 0) return
      this.#candidateByShape[shape] = this.#candidateByShape[shape] === 0 ? slot + 1 : -1
    })
  }

  /**
   * Locates the named fields of `document` (one whole BSON document). False
   * when the bytes are not a well-formed document of known element types;
   * the slots are then meaningless.
   */
  locate(document: Uint8Array): boolean {
    this.types.fill(0)
    const size = document.length
    if (size < 5 || readInt32(document, 0) !== size || document[size - 1] !== 0) return false
    let position = 4
    while (position < size - 1) {
      const type = document[position]!
      const nameStart = position + 1
      // Names are short: a loop beats a native indexOf call per element.
      let nameEnd = nameStart
      while (nameEnd < size && document[nameEnd] !== 0) nameEnd++
      if (nameEnd >= size - 1) return false
      let valueStart = nameEnd + 1
      let valueEnd: number
      const fixed = fixedSizeOf(type)
      if (fixed >= 0) {
        valueEnd = valueStart + fixed
      } else if (type === bsonType.string) {
        if (valueStart + 4 > size) return false
        const length = readInt32(document, valueStart)
        valueStart += 4
        valueEnd = valueStart + length - 1
        // A string's length counts its closing NUL, which must be there.
        if (length < 1 || valueEnd >= size || document[valueEnd] !== 0) return false
        position = valueEnd + 1
        this.#remember(document, nameStart, nameEnd, type, valueStart, valueEnd)
        continue
      } else if (type === bsonType.document || type === bsonType.array) {
        if (valueStart + 4 > size) return false
        valueEnd = valueStart + readInt32(document, valueStart)
      } else if (type === bsonType.binary) {
        if (valueStart + 5 > size) return false
        valueEnd = valueStart + 5 + readInt32(document, valueStart)
      } else {
        return false
      }
      if (valueEnd > size - 1 || valueEnd < valueStart) return false
      this.#remember(document, nameStart, nameEnd, type, valueStart, valueEnd)
      position = valueEnd
    }
    return position === size - 1
  }

  #remember(document: Uint8Array, nameStart: number, nameEnd: number, type: number, valueStart: number, valueEnd: number): void {
    const length = nameEnd - nameStart
    const candidate = length > 0 && length < maxIndexedNameLength ? this.#candidateByShape[length * 256 + document[nameStart]!]! : -1
    if (candidate === 0) return
    if (candidate > 0) {
      if (sameBytes(document, nameStart, nameEnd, this.#nameBytes[candidate - 1]!)) this.#set(candidate - 1, type, valueStart, valueEnd)
      return
    }
    const slot = this.#nameBytes.findIndex((bytes) => sameBytes(document, nameStart, nameEnd, bytes))
    if (slot >= 0) this.#set(slot, type, valueStart, valueEnd)
  }

  #set(slot: number, type: number, valueStart: number, valueEnd: number): void {
    this.types[slot] = type
    this.starts[slot] = valueStart
    this.ends[slot] = valueEnd
  }
}

function sameBytes(document: Uint8Array, start: number, end: number, bytes: Uint8Array): boolean {
  if (end - start !== bytes.length) return false
  for (let index = 0; index < bytes.length; index++) if (document[start + index] !== bytes[index]) return false
  return true
}

/** Names shorter than this are found through the table; longer ones (none of the store's) by comparing each. */
const maxIndexedNameLength = 64

/** BSON's integers are little-endian. */
export function readInt32(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)
}

/** Eight bytes copied here are read back as a little-endian double (typed arrays use the platform's order, little-endian wherever Node and Deno run). */
const doubleScratch = new Float64Array(1)
const doubleScratchBytes = new Uint8Array(doubleScratch.buffer)

/**
 * The number held at `start` by a value of `type` (int32, int64, double, or
 * a date's milliseconds), or undefined for any other type and for an int64
 * beyond what a double holds exactly (the ordinary decoder gives a Long for
 * those).
 */
export function bsonNumberAt(document: Uint8Array, type: number, start: number): number | undefined {
  switch (type) {
    case bsonType.int32:
      return readInt32(document, start)
    case bsonType.int64:
    case bsonType.dateTime: {
      const low = readInt32(document, start) >>> 0
      const high = readInt32(document, start + 4)
      const value = high * 0x1_0000_0000 + low
      return Number.isSafeInteger(value) ? value : undefined
    }
    case bsonType.double:
      for (let index = 0; index < 8; index++) doubleScratchBytes[index] = document[start + index]!
      return doubleScratch[0]
    default:
      return undefined
  }
}
