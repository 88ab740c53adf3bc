import { randomUUID } from 'node:crypto'
import { collectionNames, type Database } from '@hookline/store'
import type { Collection } from 'mongodb'

/** The doorbell of one job name: a fresh token each time it rings. */
interface DoorbellDocument {
  _id: string
  ring: string
  at: Date
}

/**
 * Wake-up calls for servers without tailable cursors (FerretDB 1.x): one tiny
 * document per job name whose token changes on every ring, so a listener
 * learns that jobs are waiting by reading a handful of documents. Polling
 * the capped notification log instead meant scanning up to thousands of
 * entries every 20 ms, which on FerretDB (no index use beyond an exact
 * `_id`) took most of the database's CPU under load.
 *
 * A token, not a counter: FerretDB applies concurrent updates of one
 * document as read-modify-write, so two `$inc`s can yield one change, while
 * any ring after a listener's read leaves a token the listener has not seen.
 */
export class JobDoorbell {
  private readonly collection: Collection<DoorbellDocument>
  private readonly seen = new Map<string, string>()
  private primed = false

  constructor(db: Database) {
    this.collection = db.collection<DoorbellDocument>(collectionNames.agendaDoorbell)
  }

  async ring(jobName: string): Promise<void> {
    await this.collection.updateOne({ _id: jobName }, { $set: { ring: randomUUID(), at: new Date() } }, { upsert: true }).catch(async (error: unknown) => {
      // Two first rings raced to create the document: the loser rings again as an update.
      if ((error as { code?: number }).code !== 11000) throw error
      await this.collection.updateOne({ _id: jobName }, { $set: { ring: randomUUID(), at: new Date() } })
    })
  }

  /**
   * Job names rung since the previous call. The first call only learns the
   * current tokens: whatever waited before the listener started is found by
   * Agenda's first scan anyway.
   */
  async rungSince(): Promise<string[]> {
    const bells = await this.collection.find({}).toArray()
    const rung = this.primed ? bells.filter((bell) => this.seen.get(bell._id) !== bell.ring).map((bell) => bell._id) : []
    for (const bell of bells) this.seen.set(bell._id, bell.ring)
    this.primed = true
    return rung
  }
}
