import type { Document } from 'mongodb'
import type { CapabilityProbe } from './probe.ts'

/**
 * Asks the server how it would run a find on an index's first field sorted
 * on its second: `{ t } sort { c: -1 }` over `{ t: 1, c: -1 }`. Yes only for
 * a plan in MongoDB's form (`queryPlanner.winningPlan`) that walks the index
 * (IXSCAN) with no SORT stage: then a page costs its own rows whatever the
 * collection holds. Any other answer — FerretDB 1 evaluating the sort itself,
 * FerretDB 2 showing a PostgreSQL plan with a Sort node on top — is a no, so
 * the store keeps bounding what each sort sees (delivery-log-page.ts).
 */
export const indexOrderedSortProbe: CapabilityProbe = {
  capability: 'indexOrderedSort',
  async run(scratch) {
    const collection = scratch.collection<{ _id: string; t: string; c: number }>('ordered')
    await collection.createIndex({ t: 1, c: -1 }, { name: 't_c' })
    await collection.insertMany(Array.from({ length: 8 }, (_, index) => ({ _id: `d${index}`, t: index % 2 === 0 ? 'x' : 'y', c: index })))
    const plan: Document = await collection.find({ t: 'x' }).sort({ c: -1 }).limit(2).explain()
    const winning = plan.queryPlanner?.winningPlan
    if (!winning || typeof winning !== 'object') return false
    const stages = JSON.stringify(winning)
    return /"stage":"IXSCAN"/.test(stages) && !/"stage":"(SORT|SORT_KEY_GENERATOR)"/.test(stages)
  },
}
