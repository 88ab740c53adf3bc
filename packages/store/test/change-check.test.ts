import { describe, expect, it } from 'vitest'
import { createChangeCheck } from '../src/publish-reads/change-check.ts'
import type { ChangeMark } from '../src/publish-reads/change-mark.ts'

// The check's own rules, on a mark held in memory (the mark itself, on the
// database, is exercised in publish-reads.test.ts).
function markInMemory() {
  const state = { token: undefined as string | undefined, reads: 0, failing: false }
  const mark: ChangeMark = {
    async touch() {
      state.token = `t${Math.random()}`
    },
    async read() {
      state.reads++
      await new Promise((resolve) => setTimeout(resolve, 5))
      if (state.failing) throw new Error('server unreachable')
      return state.token
    },
  }
  return { mark, state }
}

describe('the change check', () => {
  it('reads the mark once for callers that come together, and not again within the interval', async () => {
    const { mark, state } = markInMemory()
    let changes = 0
    const check = createChangeCheck({ mark, intervalMs: 60_000, onChanged: () => changes++ })
    await Promise.all(Array.from({ length: 50 }, () => check.ensureFresh()))
    await check.ensureFresh()
    expect(state.reads).toBe(1)
    // The first reading vouches for nothing cached before it.
    expect(changes).toBe(1)
  })

  it('drops everything when the token changed, and nothing when it did not', async () => {
    const { mark, state } = markInMemory()
    let changes = 0
    const check = createChangeCheck({ mark, intervalMs: 0, onChanged: () => changes++ })
    await check.ensureFresh()
    await new Promise((resolve) => setTimeout(resolve, 2))
    await check.ensureFresh()
    expect([state.reads, changes]).toEqual([2, 1])
    await mark.touch()
    await new Promise((resolve) => setTimeout(resolve, 2))
    await check.ensureFresh()
    expect([state.reads, changes]).toEqual([3, 2])
  })

  it('vouches for nothing while the mark cannot be read, and reads it again at the next call', async () => {
    const { mark, state } = markInMemory()
    let changes = 0
    const check = createChangeCheck({ mark, intervalMs: 60_000, onChanged: () => changes++ })
    await check.ensureFresh()
    state.failing = true
    // Within the interval the last good reading still stands.
    await check.ensureFresh()
    expect([state.reads, changes]).toEqual([1, 1])
    const failingCheck = createChangeCheck({ mark, intervalMs: 60_000, onChanged: () => changes++ })
    await expect(failingCheck.ensureFresh()).resolves.toBeUndefined()
    await failingCheck.ensureFresh()
    expect([state.reads, changes]).toEqual([3, 3])
    state.failing = false
    await failingCheck.ensureFresh()
    await failingCheck.ensureFresh()
    expect([state.reads, changes]).toEqual([4, 4])
  })
})
