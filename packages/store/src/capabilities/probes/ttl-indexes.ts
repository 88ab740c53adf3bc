import type { CapabilityProbe } from './probe.ts'

/** Creates an index with `expireAfterSeconds` and checks the server kept the option (some refuse it, some could drop it). */
export const ttlIndexesProbe: CapabilityProbe = {
  capability: 'ttlIndexes',
  async run(scratch) {
    const collection = scratch.collection('ttl')
    await collection.createIndex({ expiresAt: 1 }, { name: 'expires_ttl', expireAfterSeconds: 3600 })
    const indexes = await collection.listIndexes().toArray()
    return indexes.some((index) => index.name === 'expires_ttl' && index.expireAfterSeconds === 3600)
  },
}
