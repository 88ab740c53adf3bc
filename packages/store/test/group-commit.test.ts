import { describe, expect, it } from 'vitest'
import { MongoBulkWriteError, MongoNetworkError } from 'mongodb'
import { isDatabaseUnavailable } from '../src/errors.ts'
import { createGroupCommit } from '../src/group-commit.ts'

/** A write the test finishes by hand, recording what each write carried. */
function manualWrites() {
  const writes: { items: string[]; finish: (error?: Error) => void }[] = []
  const write = (items: string[]) =>
    new Promise<void>((resolve, reject) => {
      writes.push({ items, finish: (error) => (error ? reject(error) : resolve()) })
    })
  return { writes, write }
}

const settled = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: Error) => `rejected: ${error.message}`,
  )

describe('group commit', () => {
  it('writes a lone call at once, and groups the calls made meanwhile into the next write', async () => {
    const { writes, write } = manualWrites()
    const commit = createGroupCommit(write)
    const first = commit(['a'])
    expect(writes.map((entry) => entry.items)).toEqual([['a']])
    const second = commit(['b', 'c'])
    const third = commit(['d'])
    expect(writes).toHaveLength(1)
    writes[0]!.finish()
    await first
    await Promise.resolve()
    expect(writes.map((entry) => entry.items)).toEqual([['a'], ['b', 'c', 'd']])
    writes[1]!.finish()
    await expect(Promise.all([second, third])).resolves.toEqual([undefined, undefined])
    commit(['e'])
    expect(writes.map((entry) => entry.items).at(-1)).toEqual(['e'])
  })

  it('rejects only the callers whose write failed, and keeps writing for later callers', async () => {
    const { writes, write } = manualWrites()
    const commit = createGroupCommit(write)
    const first = settled(commit(['a']))
    const second = settled(commit(['b']))
    writes[0]!.finish()
    await Promise.resolve()
    await Promise.resolve()
    writes[1]!.finish(new Error('database down'))
    expect(await first).toBe('resolved')
    expect(await second).toBe('rejected: database down')
    const third = settled(commit(['c']))
    writes[2]!.finish()
    expect(await third).toBe('resolved')
  })

  it('gives every caller of a write the database lost the same outage error', async () => {
    const { writes, write } = manualWrites()
    const commit = createGroupCommit(write)
    const first = commit(['a'])
    const grouped = [commit(['b']), commit(['c']), commit(['d'])]
    writes[0]!.finish()
    await first
    await Promise.resolve()
    const lost = new MongoBulkWriteError(new MongoNetworkError('connection 6 to 127.0.0.1:27017 closed') as never, {} as never)
    writes[1]!.finish(lost)
    const errors = await Promise.all(grouped.map((call) => call.then(() => undefined, (error: unknown) => error)))
    expect(errors.every((error) => error === lost)).toBe(true)
    expect(errors.every((error) => isDatabaseUnavailable(error))).toBe(true)
  })

  it('starts another group where a caller would take one past its weight limit, and writes the groups in order', async () => {
    const { writes, write } = manualWrites()
    const commit = createGroupCommit(write, { maxWeight: 4, weight: (item: string) => item.length })
    const calls = [commit(['a']), commit(['bb', 'c']), commit(['dd']), commit(['eeeeee']), commit(['f'])]
    writes[0]!.finish()
    // 'bb' + 'c' + 'dd' would weigh 5; the oversized caller goes alone; 'f' would fit beside 'dd' but came after 'eeeeee'.
    for (let index = 1; index < 4; index++) {
      await Promise.resolve()
      await Promise.resolve()
      expect(writes).toHaveLength(index + 1)
      writes[index]!.finish()
    }
    await Promise.resolve()
    await Promise.resolve()
    writes[4]!.finish()
    await Promise.all(calls)
    expect(writes.map((entry) => entry.items)).toEqual([['a'], ['bb', 'c'], ['dd'], ['eeeeee'], ['f']])
  })
})
