import type { Document } from 'mongodb'
import type { CapabilityProbe } from './probe.ts'

/**
 * Asks the server to plan one find twice, each time hinting a different one
 * of two indexes that serve it equally: `{ t }` over `{ t, a }` and `{ t, b }`.
 * Yes only when each plan names the hinted index and not the other: the
 * server then takes the index the store names, even where its own planner
 * would pick another (DocumentDB at a million rows preferred an index whose
 * second key is not the log's `createdAt`). A server that ignores `hint`,
 * or whose plan names no index, answers no, and the store leaves the choice
 * to it.
 */
export const indexHintsProbe: CapabilityProbe = {
  capability: 'indexHints',
  async run(scratch) {
    const collection = scratch.collection<{ _id: string; t: string; a: number; b: number }>('hints')
    await collection.createIndex({ t: 1, a: 1 }, { name: 'by_a' })
    await collection.createIndex({ t: 1, b: 1 }, { name: 'by_b' })
    await collection.insertMany(Array.from({ length: 8 }, (_, index) => ({ _id: `d${index}`, t: index % 2 === 0 ? 'x' : 'y', a: index, b: -index })))
    for (const [hinted, other] of [
      ['by_a', 'by_b'],
      ['by_b', 'by_a'],
    ] as const) {
      const plan: Document = await collection.find({ t: 'x' }).hint(hinted).explain()
      const used = indexNamesIn(plan.queryPlanner)
      if (!used.has(hinted) || used.has(other)) return false
    }
    return true
  },
}

/**
 * The index names a plan reports, wherever they sit in its tree: MongoDB's
 * stages say `indexName`, a PostgreSQL plan `Index Name`. The echo of the
 * command (which carries the hint itself) is not part of the plan.
 */
function indexNamesIn(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const child of node) indexNamesIn(child, found)
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node as Document)) {
      if (/^index ?name$/i.test(key) && typeof value === 'string') found.add(value)
      else if (key !== 'command' && key !== 'parsedQuery') indexNamesIn(value, found)
    }
  }
  return found
}
