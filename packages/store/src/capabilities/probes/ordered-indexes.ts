import type { CapabilityProbe } from './probe.ts'

/**
 * Asks the server to build an index with `enableOrderedIndex: true` and
 * reads back what it built. Yes only when it lists the index as one of
 * composite terms (`enableCompositeTerm`): its entries are then ordered on
 * all its keys together, so `{ t, c: { $gte, $lt } }` is one range of the
 * index, whatever else `t` holds. DocumentDB's default indexes keep one
 * posting list per key path instead, and a tenant's windowed log read then
 * walked the tenant's every entry (~0.5 s at 1,000,000 rows against ~40 ms
 * for a 300-row window of an ordered index). A server that refuses the
 * option (MongoDB: its indexes are ordered anyway) or ignores it answers no.
 */
export const orderedIndexesProbe: CapabilityProbe = {
  capability: 'orderedIndexes',
  async run(scratch) {
    await scratch.db.command({ createIndexes: scratch.name('composite'), indexes: [{ key: { t: 1, c: -1 }, name: 'composite_t_c', enableOrderedIndex: true }] })
    const built = (await scratch.collection('composite').listIndexes().toArray()).find((index) => index.name === 'composite_t_c')
    return built !== undefined && (built.enableCompositeTerm === true || built.enableCompositeTerm === 1)
  },
}
