import { randomUUID } from 'node:crypto'
import type { Db } from 'mongodb'
import { collectionNames } from '../collections.ts'
import { isDuplicateKeyError } from '../errors.ts'

/** The one document of the mark: a fresh token on every change. */
interface ChangeMarkDocument {
  _id: string
  token: string
  at: Date
}

const markId = 'publish-reads'

/**
 * A token that every process changes after it writes something a publish
 * reads first (a key renamed or revoked, a tenant changed, an app created,
 * changed, turned on or off, or deleted), so that an API process can learn
 * in one point read whether any of its cached reads may be outdated,
 * instead of reading every key, tenant and app list again once they age.
 * A token, not a counter: a server that applies concurrent updates of one
 * document as read-modify-write (FerretDB 1.x) can merge two `$inc`s into
 * one change, while any write after a reader's read leaves a token that
 * reader has not seen.
 */
export interface ChangeMark {
  /** Records a change. Called after the write it stands for has ended. */
  touch(): Promise<void>
  /** The current token; undefined while nothing was ever recorded. */
  read(): Promise<string | undefined>
}

export function createChangeMark(db: Db): ChangeMark {
  const marks = db.collection<ChangeMarkDocument>(collectionNames.publishReadChanges)
  const change = () => ({ $set: { token: randomUUID(), at: new Date() } })
  return {
    async touch() {
      await marks.updateOne({ _id: markId }, change(), { upsert: true }).catch(async (error: unknown) => {
        // Two first touches raced to create the document: the loser changes it as an update.
        if (!isDuplicateKeyError(error)) throw error
        await marks.updateOne({ _id: markId }, change())
      })
    },
    async read() {
      const mark = await marks.findOne({ _id: markId }, { projection: { token: 1 } })
      return mark?.token
    },
  }
}
