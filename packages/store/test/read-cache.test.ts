import { describe, expect, it } from 'vitest'
import { createReadCache } from '../src/publish-reads/read-cache.ts'

/** A read that answers `key@n` (n counts its calls) once `release` is called, or fails when told to. */
function controlledRead() {
  let calls = 0
  const pending: { resolve: () => void; reject: (error: Error) => void }[] = []
  return {
    get calls() {
      return calls
    },
    read: (key: string) => {
      calls += 1
      const answer = `${key}@${calls}`
      return new Promise<string>((resolve, reject) => pending.push({ resolve: () => resolve(answer), reject }))
    },
    release: () => pending.splice(0).forEach((read) => read.resolve()),
    /** The later reads end first, as a slow read overtaken by a fresh one does. */
    releaseNewestFirst: () => pending.splice(0).reverse().forEach((read) => read.resolve()),
    fail: (error: Error) => pending.splice(0).forEach((read) => read.reject(error)),
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('createReadCache', () => {
  it('answers again from memory until the value is older than the max age', async () => {
    const source = controlledRead()
    const cache = createReadCache({ maxAgeMs: 80, maxSize: 10, read: source.read })
    const first = cache.get('ten_a', undefined)
    await sleep(0)
    source.release()
    expect(await first).toBe('ten_a@1')
    expect(await cache.get('ten_a', undefined)).toBe('ten_a@1')
    expect(source.calls).toBe(1)
    await sleep(120)
    const again = cache.get('ten_a', undefined)
    await sleep(0)
    source.release()
    expect(await again).toBe('ten_a@2')
  })

  it('shares one read between every caller that asks while it runs (a burst of 200 costs one read)', async () => {
    const source = controlledRead()
    const cache = createReadCache({ maxAgeMs: 60_000, maxSize: 10, read: source.read })
    const burst = Array.from({ length: 200 }, () => cache.get('ten_a', undefined))
    await sleep(0)
    source.release()
    expect(new Set(await Promise.all(burst))).toEqual(new Set(['ten_a@1']))
    expect(source.calls).toBe(1)
  })

  it('keeps no failed read: every waiter gets the error, and the next call reads again', async () => {
    const source = controlledRead()
    const cache = createReadCache({ maxAgeMs: 60_000, maxSize: 10, read: source.read })
    const waiting = [cache.get('ten_a', undefined), cache.get('ten_a', undefined)]
    await sleep(0)
    source.fail(new Error('database unreachable'))
    for (const waiter of waiting) await expect(waiter).rejects.toThrow('database unreachable')
    const retry = cache.get('ten_a', undefined)
    await sleep(0)
    source.release()
    expect(await retry).toBe('ten_a@2')
  })

  it('keeps no read that fails at once (a read that throws before it is under way)', async () => {
    let calls = 0
    const cache = createReadCache<string, undefined>({
      maxAgeMs: 60_000,
      maxSize: 10,
      read: (key) => {
        calls += 1
        if (calls === 1) throw new Error('bad query')
        return Promise.resolve(`${key}@${calls}`)
      },
    })
    await expect(cache.get('ten_a', undefined)).rejects.toThrow('bad query')
    expect(await cache.get('ten_a', undefined)).toBe('ten_a@2')
  })

  it('does not keep what a read under way finds once the key is forgotten (it may predate the write)', async () => {
    const source = controlledRead()
    const cache = createReadCache({ maxAgeMs: 60_000, maxSize: 10, read: source.read })
    const before = cache.get('ten_a', undefined)
    await sleep(0)
    cache.forget('ten_a')
    // Asked after the write: not joined to the older read.
    const after = cache.get('ten_a', undefined)
    await sleep(0)
    source.releaseNewestFirst()
    expect(await before).toBe('ten_a@1')
    expect(await after).toBe('ten_a@2')
    expect(await cache.get('ten_a', undefined)).toBe('ten_a@2')
    expect(source.calls).toBe(2)
  })

  it('forgets every key, and reads under way, with forgetAll', async () => {
    const source = controlledRead()
    const cache = createReadCache({ maxAgeMs: 60_000, maxSize: 10, read: source.read })
    const kept = cache.get('ten_a', undefined)
    await sleep(0)
    source.release()
    await kept
    const underWay = cache.get('ten_b', undefined)
    await sleep(0)
    cache.forgetAll()
    source.release()
    await underWay
    const again = [cache.get('ten_a', undefined), cache.get('ten_b', undefined)]
    await sleep(0)
    source.release()
    expect(await Promise.all(again)).toEqual(['ten_a@3', 'ten_b@4'])
  })

  it('remembers only the values `keep` accepts (an unknown key is answered, not kept)', async () => {
    let calls = 0
    const cache = createReadCache<string | null, undefined>({
      maxAgeMs: 60_000,
      maxSize: 10,
      keep: (value) => value !== null,
      read: async () => {
        calls += 1
        return null
      },
    })
    expect(await cache.get('hash_a', undefined)).toBeNull()
    expect(await cache.get('hash_a', undefined)).toBeNull()
    expect(calls).toBe(2)
  })

  it('stays within its size: the least recently used value goes first, and a list weighs its length', async () => {
    const reads: string[] = []
    const cache = createReadCache<string[], undefined>({
      maxAgeMs: 60_000,
      maxSize: 4,
      sizeOf: (list) => list.length,
      read: async (key) => {
        reads.push(key)
        return key === 'big' ? ['a', 'b', 'c'] : ['a']
      },
    })
    await cache.get('one', undefined)
    await cache.get('two', undefined)
    await cache.get('big', undefined) // 1 + 1 + 3 > 4: `one` goes
    await cache.get('two', undefined)
    await cache.get('big', undefined)
    expect(reads).toEqual(['one', 'two', 'big'])
    await cache.get('one', undefined)
    expect(reads).toEqual(['one', 'two', 'big', 'one'])
  })
})
