import { describe, expect, it } from 'vitest'
import { walkBody } from '../src/http/body-walk.ts'
import { findHostileKeys } from '../src/http/hostile-input.ts'

const findUnsafeIntegers = (value: unknown) => walkBody(value).unsafeIntegers

// The walkers share one path array down the tree: every finding must still name its own full path.
describe('findHostileKeys', () => {
  it('names the path of every hostile key, siblings and array items included', () => {
    const body = JSON.parse('{"events":[{"ok":1},{"subject":{"$gt":1,"fine":{"__proto__":2}}},{"a[$ne]":3}],"after":{"$where":"x"}}') as unknown
    expect(findHostileKeys(body).map((finding) => finding.path)).toEqual(['events.1.subject.$gt', 'events.1.subject.fine.__proto__', 'events.2.a[$ne]', 'after.$where'])
  })

  it('prefixes the given path and leaves the caller array as it was', () => {
    const prefix = ['query']
    expect(findHostileKeys({ filter: { $ne: 'x' } }, prefix).map((finding) => finding.path)).toEqual(['query.filter.$ne'])
    expect(prefix).toEqual(['query'])
  })

  it('stops below 32 levels with one finding at the cut', () => {
    let deep: unknown = 'bottom'
    for (let level = 0; level < 40; level++) deep = { n: deep }
    const findings = findHostileKeys(deep)
    expect(findings).toHaveLength(1)
    expect(findings[0]!.path).toBe(Array.from({ length: 33 }, () => 'n').join('.'))
  })
})

describe('findUnsafeIntegers', () => {
  it('names every integer beyond 2^53 by its full path, and nothing else', () => {
    // Parsed as a request body is: the literals past 2^53 arrive rounded, which is what the walk must catch.
    const body = JSON.parse('{"events":[{"id":1},{"ids":[2,9007199254740993,3.5]},{"nested":{"big":-9007199254740993,"fine":9007199254740991}}]}') as unknown
    expect(findUnsafeIntegers(body).map((finding) => finding.path)).toEqual(['events.1.ids.1', 'events.2.nested.big'])
  })
})

describe('walkBody', () => {
  it('finds hostile keys and unsafe integers in one walk, each by its full path', () => {
    const body = JSON.parse('{"events":[{"$set":{"x":1}},{"id":9007199254740993}]}') as unknown
    const findings = walkBody(body)
    expect(findings.hostileKeys.map((finding) => finding.path)).toEqual(['events.0.$set'])
    expect(findings.unsafeIntegers.map((finding) => finding.path)).toEqual(['events.1.id'])
  })

  it('cuts any value past 32 levels, a number too, as a hostile finding', () => {
    let deep: unknown = 2 ** 53 + 2
    for (let level = 0; level < 33; level++) deep = { n: deep }
    const findings = walkBody(deep)
    expect(findings.hostileKeys.map((finding) => finding.path)).toEqual([Array.from({ length: 33 }, () => 'n').join('.')])
    expect(findings.unsafeIntegers).toEqual([])
  })
})
