import type { Collection, Document } from 'mongodb'
import type { CapabilityProbe, ScratchSpace } from './probe.ts'

// Rounds of each way of reading in one timed block, after a block to warm up.
const timedRounds = 7
// Pairs of blocks (the separate reads, then the unions): the union must win every pair.
const timedPairs = 3
// How long a pair's union may still slow the commands after it (30 ms and more on DocumentDB): the next pair waits it out.
const settleMs = 100
const settle = () => new Promise((resolve) => setTimeout(resolve, settleMs))
// Small event-sized documents, more than a page of them: a plan for two rows in an empty table may not be Hookline's.
const documentsPerCollection = 200
// How much slower the block of unions may be than the block of separate reads and still be used: a union saves two
// commands and a round trip per job, not worth slower jobs.
const slowestRatio = 1.5

/**
 * Whether a job's deliveries, events and apps are best read as one union.
 *
 * First, whether the server runs it: three scratch collections read in one
 * aggregation, the first's documents by `_id` and, through `$unionWith`,
 * the second's and third's, each tagged by a `$set` in its own pipeline.
 * All must come back with their tags (a server without the stage refuses
 * the pipeline: a "no").
 *
 * Then, whether it is cheap there: seven unions in a row against seven
 * rounds of the separate reads they replace, each block timed with the
 * command after it, since a union's cost need not land on itself; three
 * such pairs, and the union must win each (unionWinsEveryPair says why). On
 * DocumentDB (FerretDB 2.5, 2026-12-03) one union answered in 3–4 ms, but
 * the commands after it, on any connection and even 30 ms later, took
 * 10–15 ms instead of 1, and unions in a row 15–19 ms each, against 2–3 ms
 * for the three finds; this probe timed the blocks there at 27–59 ms
 * against 11–15 ms. (Timed alternately, the union looked fast and the finds
 * after it slow.) A server where the union block is far slower answers no:
 * there a union would make every job slower to save its commands.
 */
export const unionReadsProbe: CapabilityProbe = {
  capability: 'unionReads',
  timed: true,
  async run(scratch) {
    try {
      return await unionsWinEveryPair(scratch)
    } finally {
      // The next process's turn starts once what the last union left behind has passed.
      await settle()
    }
  },
}

/** Whether the server runs the union, and then whether it wins every timed pair. */
async function unionsWinEveryPair(scratch: ScratchSpace): Promise<boolean> {
  const first = scratch.collection<{ _id: string }>('union_first')
  const second = scratch.collection<{ _id: string }>('union_second')
  const third = scratch.collection<{ _id: string }>('union_third')
  const ids = Array.from({ length: documentsPerCollection }, (_, index) => `k${index}`)
  const padding = 'x'.repeat(400)
  for (const collection of [first, second, third]) await collection.insertMany(ids.map((id) => ({ _id: id, padding })))
  // Other keys each time, as every job names other documents: a server that plans each new pipeline anew pays that here.
  const union = (id: string) =>
    first
      .aggregate<{ _id: string; from?: string }>([{ $match: { _id: { $in: [id] } } }, unionStage(second, id, 'second'), unionStage(third, id, 'third')], { batchSize: 4 })
      .project({ padding: 0 })
      .toArray()
  const found = (await union('k0')).map((document) => `${document._id}:${document.from ?? ''}`).sort()
  if (found.join(' ') !== 'k0: k0:second k0:third') return false

  // What the worker does without it (find-by-ids.ts): the first read, then the other two side by side, each one reply.
  const readOne = (collection: Collection<{ _id: string }>, id: string) => collection.find({ _id: { $in: [id] } }).limit(-1).batchSize(1).toArray()
  const separate = async (id: string) => {
    await readOne(first, id)
    await Promise.all([readOne(second, id), readOne(third, id)])
  }
  // Timed as blocks of rounds, not alternately: what a union costs may land on the commands after it.
  const block = async (read: (id: string) => Promise<unknown>, offset: number) => {
    const started = performance.now()
    for (let index = 0; index < timedRounds; index++) await read(`k${offset + index}`)
    // The command after the block carries whatever the block's last read left behind.
    await readOne(first, `k${offset + timedRounds}`)
    return performance.now() - started
  }
  await block(separate, 1)
  const pairs: BlockPair[] = []
  for (let pair = 0; pair < timedPairs; pair++) {
    const offset = 20 + pair * 2 * (timedRounds + 1)
    const separateMs = await block(separate, offset)
    const unionMs = await block(union, offset + timedRounds + 1)
    pairs.push({ separateMs, unionMs })
    // A pair the union lost already answers no: a server without cheap unions is not kept waiting at start.
    if (!unionWinsEveryPair(pairs)) return false
    // After the last pair the probe's own settle (in run) does it.
    if (pair < timedPairs - 1) await settle()
  }
  return unionWinsEveryPair(pairs)
}

/** One pair of timed blocks: the separate reads, then as many unions. */
export interface BlockPair {
  separateMs: number
  unionMs: number
}

/**
 * Whether the unions were cheap enough in every pair. Another process's
 * commands can slow any block: the API and the worker probe the same
 * server at the same moment when they start together, and one timed
 * comparison then said yes on DocumentDB for 4 of 16 probes. A wrong yes
 * makes every job slower there (a single publish's p50 128 ms against 49–67); a
 * wrong no costs two commands per job. So the union must win all pairs.
 */
export function unionWinsEveryPair(pairs: readonly BlockPair[]): boolean {
  return pairs.length > 0 && pairs.every((pair) => pair.unionMs <= slowestRatio * pair.separateMs)
}

function unionStage(collection: Collection<{ _id: string }>, id: string, tag: string): Document {
  return { $unionWith: { coll: collection.collectionName, pipeline: [{ $match: { _id: { $in: [id] } } }, { $set: { from: tag } }] } }
}
