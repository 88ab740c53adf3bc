import { isServedInIndexOrder } from '../index-order-plan.ts'
import type { CapabilityProbe } from './probe.ts'

/**
 * Asks the server how it would run the log's own query shape on an index
 * built as the store builds the log's: a find on the index's first field,
 * sorted on the next two, `{ t } sort { c: -1, _id: -1 }` over
 * `{ t: 1, c: -1, _id: -1 }` (ordered where the server builds ordered
 * indexes: ServerCapabilities.orderedIndexes). Yes when the plan walks the
 * index in that order with no sort of its own (index-order-plan.ts): then a
 * page costs its own rows whatever the collection holds. MongoDB answers so;
 * FerretDB 2 on DocumentDB does with its extended RUM index and order-by
 * pushdown on (tooling/dev-db settings), and shows `Limit > Sort` without
 * them; FerretDB 1 sorts in its own process. A no keeps the store bounding
 * what each sort sees (delivery-log-page.ts).
 */
export const indexOrderedSortProbe: CapabilityProbe = {
  capability: 'indexOrderedSort',
  async run(scratch) {
    const name = scratch.name('ordered')
    const index = { key: { t: 1, c: -1, _id: -1 }, name: 't_c_id' }
    // The option is DocumentDB's; MongoDB refuses it (and orders every index anyway).
    const collection = scratch.collection<{ _id: string; t: string; c: number }>('ordered')
    await scratch.db.command({ createIndexes: name, indexes: [{ ...index, enableOrderedIndex: true }] }).catch(() => collection.createIndex(index.key, { name: index.name }))
    await collection.insertMany(Array.from({ length: 8 }, (_, row) => ({ _id: `d${row}`, t: row % 2 === 0 ? 'x' : 'y', c: row })))
    return isServedInIndexOrder(await collection.find({ t: 'x' }).sort({ c: -1, _id: -1 }).hint(index.name).limit(2).explain())
  },
}
