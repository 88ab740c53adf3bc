import type { Document } from 'mongodb'
import type { CapabilityProbe } from './probe.ts'

/**
 * Asks the server how it would run `{ _id: { $in: [...] } }`. A server that
 * evaluates such filters itself, after reading every document from its
 * storage engine, says so in its explain output (`filterPushdown: false`);
 * MongoDB plans an index scan. Anything that does not admit a scan counts
 * as pushdown.
 */
export const filterPushdownProbe: CapabilityProbe = {
  capability: 'filterPushdown',
  async run(scratch) {
    const collection = scratch.collection<{ _id: string }>('pushdown')
    await collection.insertMany([{ _id: 'a' }, { _id: 'b' }])
    const plan: Document = await collection.find({ _id: { $in: ['a', 'b'] } }).explain()
    return plan.filterPushdown !== false && !/\bCOLLSCAN\b/.test(JSON.stringify(plan.queryPlanner?.winningPlan ?? {}))
  },
}
