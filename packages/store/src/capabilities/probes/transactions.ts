import type { CapabilityProbe } from './probe.ts'

/**
 * Commits a two-document transaction and reads both back. A standalone
 * MongoDB refuses transactions (they need a replica set), as do servers
 * without them: either answer is a "no".
 */
export const transactionsProbe: CapabilityProbe = {
  capability: 'transactions',
  async run(scratch) {
    const collection = scratch.collection<{ _id: string }>('transactions')
    // The collection must exist before a transaction writes to it on older servers.
    await scratch.db.createCollection(scratch.name('transactions'))
    const session = scratch.client.startSession()
    try {
      await session.withTransaction(async () => {
        await collection.insertOne({ _id: 'first' }, { session })
        await collection.insertOne({ _id: 'second' }, { session })
      })
    } finally {
      await session.endSession()
    }
    return (await collection.countDocuments({})) === 2
  },
}
