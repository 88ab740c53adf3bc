import { describe, expect, it } from 'vitest'
import { createAttemptSlots } from '../src/delivery/attempt-slots.ts'

const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('attempt slots', () => {
  it('hands out at most the limit, then serves waiters in the order they asked', async () => {
    const slots = createAttemptSlots(2)
    const first = await slots.acquire()
    const second = await slots.acquire()
    expect(slots.full).toBe(true)
    const order: string[] = []
    const third = slots.acquire().then((release) => (order.push('third'), release))
    const fourth = slots.acquire().then((release) => (order.push('fourth'), release))
    await settle()
    expect(order).toEqual([])
    first()
    await settle()
    expect(order).toEqual(['third'])
    // Releasing twice frees one slot, not two.
    first()
    await settle()
    expect(order).toEqual(['third'])
    second()
    await settle()
    expect(order).toEqual(['third', 'fourth'])
    ;(await third)()
    ;(await fourth)()
    expect(slots.full).toBe(false)
    // Both slots are free again, and no more than both.
    await slots.acquire()
    await slots.acquire()
    expect(slots.full).toBe(true)
  })

  it('lets one batch use every slot, and two batches share them', async () => {
    const slots = createAttemptSlots(4)
    let inFlight = 0
    let most = 0
    const attempt = async () => {
      const release = await slots.acquire()
      inFlight++
      most = Math.max(most, inFlight)
      await new Promise((resolve) => setTimeout(resolve, 5))
      inFlight--
      release()
    }
    await Promise.all(Array.from({ length: 12 }, attempt))
    expect(most).toBe(4)
    most = 0
    await Promise.all([...Array.from({ length: 6 }, attempt), ...Array.from({ length: 6 }, attempt)])
    expect(most).toBe(4)
  })

  it('refuses a limit that is not a positive integer', () => {
    expect(() => createAttemptSlots(0)).toThrow(RangeError)
    expect(() => createAttemptSlots(1.5)).toThrow(RangeError)
  })
})
