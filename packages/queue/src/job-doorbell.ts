import { randomUUID } from 'node:crypto'
import { collectionNames, type Database } from '@hookline/store'
import type { Collection } from 'mongodb'

/** The doorbell of one job name: a fresh token each time it rings, and how many times it rang. */
interface DoorbellDocument {
  _id: string
  ring: string
  /** Missing on a doorbell rung before rings were counted. */
  rings?: number
  at: Date
}

/** A job name whose doorbell rang since the previous read: how many times, where that can be told. */
export interface DoorbellRing {
  jobName: string
  /** Undefined where the count cannot be trusted (see `countsAreExact`). */
  rings: number | undefined
}

/**
 * Wake-up calls for servers without tailable cursors (FerretDB): one tiny
 * document per job name whose token changes on every ring, so a listener
 * learns that jobs are waiting by reading a handful of documents. Polling
 * the capped notification log instead meant scanning up to thousands of
 * entries every 20 ms, which on FerretDB 1.x (no index use beyond an exact
 * `_id`) took most of the database's CPU under load.
 *
 * A token decides whether it rang: a server that applies concurrent updates
 * of one document as read-modify-write (FerretDB 1.x) can turn two `$inc`s
 * into one change, while any ring after a listener's read leaves a token the
 * listener has not seen. Each ring also counts itself, one ring per job due
 * now, so a worker knows when it has taken every job announced to it
 * (look-credit.ts); that count is believed only where the listener was told
 * that updates of one document are atomic.
 */
export class JobDoorbell {
  private readonly collection: Collection<DoorbellDocument>
  private readonly seen = new Map<string, { ring: string; rings: number | undefined }>()
  private primed = false

  /** `countsAreExact`: concurrent updates of one document all take effect (the server's `atomicFindAndModify`). */
  constructor(
    db: Database,
    private readonly countsAreExact = false,
  ) {
    this.collection = db.collection<DoorbellDocument>(collectionNames.agendaDoorbell)
  }

  /** Rings once for each of `jobs` jobs due now. */
  async ring(jobName: string, jobs = 1): Promise<void> {
    const update = () => ({ $set: { ring: randomUUID(), at: new Date() }, $inc: { rings: jobs } })
    await this.collection.updateOne({ _id: jobName }, update(), { upsert: true }).catch(async (error: unknown) => {
      // Two first rings raced to create the document: the loser rings again as an update.
      if ((error as { code?: number }).code !== 11000) throw error
      await this.collection.updateOne({ _id: jobName }, update())
    })
  }

  /**
   * Job names rung since the previous call. The first call only learns the
   * current tokens: whatever waited before the listener started is found by
   * Agenda's first scan anyway.
   */
  async rungSince(): Promise<DoorbellRing[]> {
    const bells = await this.collection.find({}).toArray()
    const rung: DoorbellRing[] = []
    for (const bell of bells) {
      const before = this.seen.get(bell._id)
      const rings = typeof bell.rings === 'number' ? bell.rings : undefined
      // A bell first seen after the listener started rang only since then.
      if (this.primed && before?.ring !== bell.ring) rung.push({ jobName: bell._id, rings: this.countSince(before ? before.rings : 0, rings) })
      this.seen.set(bell._id, { ring: bell.ring, rings })
    }
    this.primed = true
    return rung
  }

  /** Rings between two reads of a bell that changed its token, where the counts say so plainly. */
  private countSince(before: number | undefined, now: number | undefined): number | undefined {
    if (!this.countsAreExact || before === undefined || now === undefined) return undefined
    const rings = now - before
    // A changed token always means at least one ring: a count that disagrees is not believed.
    return rings >= 1 ? rings : undefined
  }
}
