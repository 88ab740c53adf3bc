import { describe, expect, it } from 'vitest'
import { createRandomPool } from '../src/random-pool.ts'
import { deliveryMessageId, newSortableId } from '../src/sortable-ids.ts'

describe('createRandomPool', () => {
  it('calls the generator once per pool, not once per take, and never hands a byte out twice', () => {
    let fills = 0
    let next = 0
    // A counting generator: byte n of everything it produced is n % 256, so a byte handed out twice or skipped shows.
    const take = createRandomPool(100, (buffer) => {
      fills++
      for (let index = 0; index < buffer.length; index++) buffer[index] = next++ % 256
    })
    const taken = Array.from({ length: 30 }, () => [...take(10)])
    // 30 takes of 10 bytes from pools of 100: 3 fills, where one per take would be 30.
    expect(fills).toBe(3)
    expect(taken.flat()).toEqual(Array.from({ length: 300 }, (_, index) => index % 256))
  })

  it('keeps what it handed out when the pool refills', () => {
    const take = createRandomPool(10, (buffer) => buffer.fill(Math.floor(Math.random() * 255) + 1))
    const first = take(10)
    const kept = [...first]
    take(10)
    expect([...first]).toEqual(kept)
  })

  it('serves a request larger than the pool on its own', () => {
    let fills = 0
    const take = createRandomPool(8, (buffer) => {
      fills++
      buffer.fill(7)
    })
    expect(take(20)).toHaveLength(20)
    expect(fills).toBe(1)
  })
})

describe('ids from the pool', () => {
  it('stay distinct and in their format', () => {
    const ids = Array.from({ length: 2000 }, () => newSortableId('dlv', new Date(1_700_000_000_000)))
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids.slice(0, 20)) expect(id).toMatch(/^dlv_[0-9A-HJKMNP-TV-Z]{26}$/)
  })

  it('derive the webhook-id from both ids exactly as before', () => {
    // The value main's createHash-based version gave for these ids (2026-12-03).
    expect(deliveryMessageId('evt_01JB3Z6W8Q4M5T7V9X2C4E6G8J', 'app_01JB3Z6W8Q4M5T7V9X2C4E6G8K')).toBe('msg_89jff6076bghryv2pzewjzmd')
  })
})
