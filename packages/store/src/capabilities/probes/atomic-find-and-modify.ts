import type { CapabilityProbe } from './probe.ts'

const rounds = 2
const contenders = 8

/**
 * Several `findOneAndUpdate`s race to claim one unclaimed document; on a
 * server that applies them atomically exactly one wins every round. A server
 * that reads and then writes lets several win: measured on FerretDB 1.24
 * (SQLite), 6 to 8 of 8 won in every one of 10 rounds, so two rounds tell
 * the two apart. This is the guarantee Agenda's job locking rests on.
 */
export const atomicFindAndModifyProbe: CapabilityProbe = {
  capability: 'atomicFindAndModify',
  async run(scratch) {
    const collection = scratch.collection<{ _id: string; claimed: boolean; by?: number }>('find_and_modify')
    for (let round = 0; round < rounds; round++) {
      const _id = `round-${round}`
      await collection.insertOne({ _id, claimed: false })
      const claims = await Promise.all(
        Array.from({ length: contenders }, (_, by) => collection.findOneAndUpdate({ _id, claimed: false }, { $set: { claimed: true, by } })),
      )
      if (claims.filter((claim) => claim !== null).length !== 1) return false
    }
    return true
  },
}
