// Reading named fields in place from a BSON document's bytes: what the CSV
// export copies from. Every answer is checked against the driver's own decoder.
import { BSON, Binary, Decimal128, Double, Int32, Long, ObjectId, Timestamp } from 'mongodb'
import { describe, expect, it } from 'vitest'
import { BsonFieldLocator, bsonNumberAt, bsonType } from '../src/bson-field-locator.ts'

const text = (bytes: Uint8Array, locator: BsonFieldLocator, slot: number) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8', locator.starts[slot], locator.ends[slot])

describe('BsonFieldLocator', () => {
  it('finds each named field among every kind of element, whatever their order', () => {
    const document = {
      nested: { name: 'inner, not top level' },
      list: [1, 'two'],
      blob: new Binary(Buffer.from([1, 2, 3])),
      oid: new ObjectId(),
      flag: true,
      stamp: new Timestamp({ t: 1, i: 2 }),
      money: Decimal128.fromString('1.5'),
      name: '東京 café 🎉, "quoted"\u0000nul',
      count: 7,
      big: Long.fromNumber(2 ** 40),
      ratio: new Double(0.25),
      at: new Date(Date.UTC(2026, 11, 3, 10, 0, 0, 123)),
      nothing: null,
      emptyText: '',
    }
    const bytes = BSON.serialize(document)
    const locator = new BsonFieldLocator(['name', 'count', 'big', 'ratio', 'at', 'nothing', 'emptyText', 'absent', 'list'])
    expect(locator.locate(bytes)).toBe(true)
    expect([...locator.types]).toEqual([bsonType.string, bsonType.int32, bsonType.int64, bsonType.double, bsonType.dateTime, bsonType.null, bsonType.string, 0, bsonType.array])
    expect(text(bytes, locator, 0)).toBe(document.name)
    expect(text(bytes, locator, 6)).toBe('')
    expect(bsonNumberAt(bytes, locator.types[1]!, locator.starts[1]!)).toBe(7)
    expect(bsonNumberAt(bytes, locator.types[2]!, locator.starts[2]!)).toBe(2 ** 40)
    expect(bsonNumberAt(bytes, locator.types[3]!, locator.starts[3]!)).toBe(0.25)
    expect(bsonNumberAt(bytes, locator.types[4]!, locator.starts[4]!)).toBe(document.at.getTime())
    expect(bsonNumberAt(bytes, locator.types[0]!, locator.starts[0]!)).toBeUndefined()
  })

  it('reads negative numbers and dates before 1970 as the decoder does', () => {
    const document = { small: new Int32(-5), long: Long.fromNumber(-(2 ** 45) - 3), at: new Date(Date.UTC(1969, 6, 20, 20, 17, 40, 5)) }
    const bytes = BSON.serialize(document)
    const locator = new BsonFieldLocator(['small', 'long', 'at'])
    expect(locator.locate(bytes)).toBe(true)
    const decoded = BSON.deserialize(bytes)
    expect(bsonNumberAt(bytes, locator.types[0]!, locator.starts[0]!)).toBe(decoded.small)
    expect(bsonNumberAt(bytes, locator.types[1]!, locator.starts[1]!)).toBe(decoded.long)
    expect(bsonNumberAt(bytes, locator.types[2]!, locator.starts[2]!)).toBe((decoded.at as Date).getTime())
  })

  it('gives no number for an int64 a double cannot hold exactly', () => {
    const bytes = BSON.serialize({ huge: Long.fromString('9007199254740993') })
    const locator = new BsonFieldLocator(['huge'])
    expect(locator.locate(bytes)).toBe(true)
    expect(bsonNumberAt(bytes, locator.types[0]!, locator.starts[0]!)).toBeUndefined()
  })

  it('tells apart names of the same length and forgets the previous document', () => {
    const locator = new BsonFieldLocator(['appId', 'appNm'])
    expect(locator.locate(BSON.serialize({ appNm: 'b', appId: 'a' }))).toBe(true)
    expect([...locator.types]).toEqual([bsonType.string, bsonType.string])
    const second = BSON.serialize({ appId: 'only' })
    expect(locator.locate(second)).toBe(true)
    expect([...locator.types]).toEqual([bsonType.string, 0])
    expect(text(second, locator, 0)).toBe('only')
  })

  it('finds a name longer than its lookup table holds, and skips other long names', () => {
    const long = 'x'.repeat(80)
    const locator = new BsonFieldLocator([long, 'short'])
    const bytes = BSON.serialize({ ['y'.repeat(90)]: 1, [long]: 'found', short: 'also' })
    expect(locator.locate(bytes)).toBe(true)
    expect(text(bytes, locator, 0)).toBe('found')
    expect(text(bytes, locator, 1)).toBe('also')
  })

  it('refuses a regular expression, a JavaScript code value and other types it does not walk', () => {
    const locator = new BsonFieldLocator(['x'])
    expect(locator.locate(BSON.serialize({ before: 'a', pattern: /a+/u, x: 'b' }))).toBe(false)
  })

  it('refuses bytes that do not add up', () => {
    const bytes = BSON.serialize({ name: 'hello', count: 3 })
    const locator = new BsonFieldLocator(['name', 'count'])
    expect(locator.locate(bytes.subarray(0, bytes.length - 1))).toBe(false)
    const wrongStringLength = Buffer.from(bytes)
    // The string's length sits right after its type byte and "name\0".
    wrongStringLength.writeInt32LE(200, 4 + 1 + 5)
    expect(locator.locate(wrongStringLength)).toBe(false)
    const missingNul = Buffer.from(bytes)
    missingNul[4 + 1 + 5 + 4 + 5] = 0x41
    expect(locator.locate(missingNul)).toBe(false)
    const wrongTotal = Buffer.from(bytes)
    wrongTotal.writeInt32LE(bytes.length + 4, 0)
    expect(locator.locate(wrongTotal)).toBe(false)
    expect(locator.locate(new Uint8Array([5, 0, 0]))).toBe(false)
    expect(locator.locate(bytes)).toBe(true)
  })

  it('reads an empty document', () => {
    const locator = new BsonFieldLocator(['x'])
    expect(locator.locate(BSON.serialize({}))).toBe(true)
    expect(locator.types[0]).toBe(0)
  })
})
