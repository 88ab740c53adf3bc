import { describe, expect, it } from 'vitest'
import { copyPlainData } from '../src/utils/copy-plain-data.ts'

// A proxy that answers reads the way Vue's reactive() does: through traps,
// with the original object hidden behind it (like Vue, it leaves Dates alone:
// their internal slot cannot be read through a proxy).
function observed<T extends object>(target: T): T {
  return new Proxy(target, {
    get: (object, key, receiver) => {
      const value: unknown = Reflect.get(object, key, receiver)
      return value !== null && typeof value === 'object' && !(value instanceof Date)
        ? observed(value)
        : value
    },
  })
}

describe('copyPlainData', () => {
  const payload = {
    media: { id: 5, title: 'Town hall', tags: ['live', 'hr'], duration: 12.5, archived: false },
    at: new Date('2025-01-15T09:30:00.000Z'),
    owner: null,
  }

  it('copies what structuredClone refuses: a proxy of plain data', () => {
    const proxy = observed(structuredClone(payload))
    expect(() => structuredClone(proxy)).toThrow()
    const copy = copyPlainData(proxy)
    expect(copy).toEqual(payload)
    expect(JSON.stringify(copy)).toBe(JSON.stringify(payload))
  })

  it('shares nothing with the original', () => {
    const original = structuredClone(payload)
    const copy = copyPlainData(original)
    original.media.tags.push('changed')
    original.at.setUTCFullYear(2000)
    expect(copy.media.tags).toEqual(['live', 'hr'])
    expect(copy.at.toISOString()).toBe('2025-01-15T09:30:00.000Z')
    expect(copy.media).not.toBe(original.media)
  })

  it('keeps primitives and repeated (non-cyclic) references', () => {
    const shared = { id: 1 }
    expect(copyPlainData({ a: shared, b: shared })).toEqual({ a: { id: 1 }, b: { id: 1 } })
    expect(copyPlainData('text')).toBe('text')
    expect(copyPlainData(null)).toBeNull()
  })

  it('refuses functions and cycles with the path where they are', () => {
    expect(() => copyPlainData({ media: { load: () => 1 } })).toThrow(/\$\.media\.load is a function/)
    const looped: Record<string, unknown> = { items: [] }
    ;(looped.items as unknown[]).push(looped)
    expect(() => copyPlainData(looped)).toThrow(/\$\.items\[0\] refers back/)
    expect(() => copyPlainData({ a: [{ b: [1, Symbol('x')] }] })).toThrow(/^copyPlainData: \$\.a\[0\]\.b\[1\] is a symbol, which is not plain data$/)
    expect(() => copyPlainData([() => 1])).toThrow(/^copyPlainData: \$\[0\] is a function/)
    // An error raised by a proxy's own getter passes through unchanged.
    const failing = new Proxy({ a: 1 }, { get: () => { throw new RangeError('detached') } })
    expect(() => copyPlainData({ failing })).toThrow(RangeError)
  })
})
