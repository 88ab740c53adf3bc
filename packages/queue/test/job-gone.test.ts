// Agenda reports a job removed between its lock and its run as an error; the
// processor tells it apart (the worker logs it as information, not an error).
import { minimalCapabilities } from '@hookline/store'
import { ObjectId } from 'mongodb'
import { afterAll, describe, expect, it } from 'vitest'
import { createAgendaBackend } from '../src/agenda-backend.ts'
import { isJobGoneError } from '../src/job-processor.ts'
import { openPinnedDatabases } from './support/pinned-databases.ts'

const databases = await openPinnedDatabases('queue-job-gone')
afterAll(() => databases.dropAll())

describe('isJobGoneError', () => {
  it("recognises the error Agenda's backend raises when a job's record is gone, and nothing else", async () => {
    const backend = createAgendaBackend({ db: databases.pinned('gone', minimalCapabilities), ensureIndex: false })
    await backend.connect()
    const gone = await backend.repository
      .saveJobState({ _id: new ObjectId().toHexString(), name: 'deliver', lockedAt: new Date(), lastRunAt: new Date() } as never, {})
      .then(() => undefined, (error: unknown) => error)
    expect(gone).toBeInstanceOf(Error)
    expect(isJobGoneError(gone)).toBe(true)
    expect(isJobGoneError(new Error('connection 3 to 127.0.0.1:27017 closed'))).toBe(false)
    expect(isJobGoneError('cannot be updated in the database, maybe it does not exist anymore')).toBe(false)
    await backend.disconnect?.()
  })
})
