// Agenda 6 calls the backend's unlockJob without awaiting or catching it: a
// failure there must be reported, not left as a rejection that ends the process.
import { collectionNames, pinServerCapabilities, minimalCapabilities } from '@hookline/store'
import { MongoClient, ObjectId } from 'mongodb'
import { afterAll, describe, expect, it } from 'vitest'
import { createAgendaBackend } from '../src/agenda-backend.ts'
import { openPinnedDatabases } from './support/pinned-databases.ts'

const databases = await openPinnedDatabases('queue-agenda-backend')
afterAll(() => databases.dropAll())

describe('the Agenda backend', () => {
  it('still releases a lock when the database answers, and says so once the lock is gone', async () => {
    const db = databases.pinned('unlock', minimalCapabilities)
    const jobs = db.collection(collectionNames.agendaJobs)
    const seenAtRelease: unknown[] = []
    const backend = createAgendaBackend({
      db,
      ensureIndex: false,
      onError: (error) => expect.fail(String(error)),
      onLockReleased: (job) => void seenAtRelease.push(jobs.findOne({ _id: new ObjectId(String(job._id)) }).then((stored) => [job.name, stored?.lockedAt])),
    })
    await backend.connect()
    const { insertedId } = await jobs.insertOne({ name: 'deliver', nextRunAt: new Date(Date.now() + 60_000), lockedAt: new Date() })
    await backend.repository.unlockJob({ _id: insertedId.toHexString(), name: 'deliver' } as never)
    expect((await jobs.findOne({ _id: insertedId }))?.lockedAt).toBeUndefined()
    expect(await Promise.all(seenAtRelease)).toEqual([['deliver', undefined]])
    await backend.disconnect?.()
  })

  it('reports a lock it could not release instead of rejecting', async () => {
    // A client of its own, closed under the backend: every command now fails as when the server is gone.
    const client = new MongoClient(databases.database.uri, { serverSelectionTimeoutMS: 500 })
    const db = client.db(`${databases.database.db.databaseName}_closed`)
    pinServerCapabilities(db, minimalCapabilities)
    const errors: unknown[] = []
    const released: unknown[] = []
    const backend = createAgendaBackend({ db, ensureIndex: false, onError: (error) => errors.push(error), onLockReleased: (job) => void released.push(job) })
    await backend.connect()
    await client.close()
    const id = new ObjectId().toHexString()
    await expect(backend.repository.unlockJob({ _id: id, name: 'deliver' } as never)).resolves.toBeUndefined()
    expect(errors).toHaveLength(1)
    expect(String((errors[0] as Error).message)).toContain(id)
    expect((errors[0] as Error).cause).toBeInstanceOf(Error)
    // The lock stayed: nobody is told the job waits.
    expect(released).toEqual([])
    await backend.disconnect?.()
  })
})
