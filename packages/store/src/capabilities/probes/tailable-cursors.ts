import type { CapabilityProbe } from './probe.ts'

/**
 * Opens a tailable cursor on a capped scratch collection and reads its first
 * entry: a server that tails keeps the cursor open (a non-zero id) for the
 * entries still to come; one that does not closes it with the first batch.
 */
export const tailableCursorsProbe: CapabilityProbe = {
  capability: 'tailableCursors',
  async run(scratch) {
    await scratch.db.createCollection(scratch.name('tailable'), { capped: true, size: 4096, max: 10 })
    const collection = scratch.collection('tailable')
    await collection.insertOne({ at: new Date() })
    const cursor = collection.find({}, { tailable: true, awaitData: true, maxAwaitTimeMS: 100 })
    try {
      const first = await cursor.tryNext()
      return first !== null && !cursor.closed && cursor.id !== undefined && !cursor.id.isZero()
    } finally {
      await cursor.close()
    }
  },
}
