import type { CapabilityProbe } from './probe.ts'

/** Some servers accept `capped: true` and create a plain collection: believe `listCollections`, not the create. */
export const cappedCollectionsProbe: CapabilityProbe = {
  capability: 'cappedCollections',
  async run(scratch) {
    const name = scratch.name('capped')
    await scratch.db.createCollection(name, { capped: true, size: 4096, max: 10 })
    const [info] = await scratch.db.listCollections({ name }, { nameOnly: false }).toArray()
    return (info as { options?: { capped?: unknown } } | undefined)?.options?.capped === true
  },
}
