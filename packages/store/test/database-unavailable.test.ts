// Every shape in which the driver reports "the database went away" must be
// recognised (the API answers 503 for it), and query errors must not be.
// The errors are the driver's own classes, built as the driver builds them;
// the last test meets the real ones from a server that is stopped mid-use.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startDevDatabase } from '@hookline/dev-db'
import {
  MongoBulkWriteError,
  MongoClient,
  MongoClientClosedError,
  MongoNetworkError,
  MongoNetworkTimeoutError,
  MongoNotConnectedError,
  MongoServerClosedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  MongoWriteConcernError,
} from 'mongodb'
// Not exported from the package index; the driver throws them from its connection pool.
import { PoolClearedError, PoolClearedOnNetworkError, PoolClosedError, WaitQueueTimeoutError } from 'mongodb/lib/cmap/errors.js'
import { describe, expect, it } from 'vitest'
import { isDatabaseUnavailable } from '../src/index.ts'

const pool = { address: '127.0.0.1:27017', serverError: new MongoNetworkError('connect ECONNREFUSED 127.0.0.1:27017') }

function serverError(code: number, message: string, errorLabels: string[] = []): MongoServerError {
  return new MongoServerError({ ok: 0, code, errmsg: message, errorLabels })
}

describe('isDatabaseUnavailable', () => {
  const unavailable: [string, unknown][] = [
    ['a network error', new MongoNetworkError('connection 6 to 127.0.0.1:39793 closed')],
    ['a network timeout', new MongoNetworkTimeoutError('connection timed out')],
    ['server selection timing out', new MongoServerSelectionError('connect ECONNREFUSED 127.0.0.1:27017', { type: 'Single', servers: new Map() } as never)],
    ['a client used before it connected', new MongoNotConnectedError('not connected')],
    ['a closed topology', new MongoTopologyClosedError()],
    ['a closed server', new MongoServerClosedError()],
    ['a closed client', new MongoClientClosedError()],
    ['a closed pool', new PoolClosedError(pool)],
    ['a cleared pool (MongoPoolClearedError)', new PoolClearedError(pool)],
    ['a pool cleared by the monitor', new PoolClearedOnNetworkError(pool)],
    ['a wait-queue timeout', new WaitQueueTimeoutError('Timed out while checking out a connection from connection pool', pool.address)],
    // What the failing publish met: insertMany (a bulk write) on a socket that closed under it.
    ['a bulk write wrapping a closed connection', new MongoBulkWriteError(new MongoNetworkError('connection 6 to 127.0.0.1:39793 closed') as never, {} as never)],
    ['a bulk write wrapping server selection', new MongoBulkWriteError(new MongoServerSelectionError('connect ECONNREFUSED', { type: 'Single', servers: new Map() } as never) as never, {} as never)],
    ['the ResetPool label added by the driver', labelled('ResetPool')],
    ['the RetryableWriteError label', serverError(0, 'retry this write', ['RetryableWriteError'])],
    ['the TransientTransactionError label', serverError(112, 'WriteConflict', ['TransientTransactionError'])],
    ['ShutdownInProgress (91)', serverError(91, 'The server is in quiesce mode and will shut down')],
    ['InterruptedAtShutdown (11600)', serverError(11600, 'interrupted at shutdown')],
    ['InterruptedDueToReplStateChange (11602)', serverError(11602, 'operation was interrupted')],
    ['PrimarySteppedDown (189)', serverError(189, 'primary stepped down')],
    ['NotWritablePrimary (10107)', serverError(10107, 'not primary')],
    ['NotPrimaryNoSecondaryOk (13435)', serverError(13435, 'not primary and secondaryOk=false')],
    ['a write concern error for a shutdown', new MongoWriteConcernError({ writeConcernError: { code: 91, errmsg: 'shutting down' } } as never)],
    ['FerretDB: SQLite closed under a command', serverError(1, 'sql: database is closed')],
    ['FerretDB: the command cancelled by its shutdown', serverError(1, 'context canceled')],
    ['FerretDB: SQLite still locked by other writers after its busy timeout', serverError(1, 'database is locked (5) (SQLITE_BUSY)')],
    ['FerretDB 2: PostgreSQL stopping', serverError(1, 'FATAL: the database system is shutting down (SQLSTATE 57P03)')],
    // What the API met while PostgreSQL restarted after one of its processes crashed, word for word.
    ['FerretDB 2: the backend connection cut mid-reply', serverError(1, 'unexpected EOF')],
    ['FerretDB 2: PostgreSQL recovering after a crash', serverError(1, 'the database system is in recovery mode')],
    ['FerretDB 2: PostgreSQL not yet back after a crash', serverError(1, 'the database system is not yet accepting connections')],
    ['a driver error as the cause of our own', new Error('could not store the events', { cause: new MongoNetworkError('socket hang up') })],
    ['one of an AggregateError', new AggregateError([new Error('other'), new MongoNetworkError('closed')])],
  ]
  it.each(unavailable)('recognises %s', (_shape, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true)
  })

  const queryErrors: [string, unknown][] = [
    ['a duplicate key', serverError(11000, 'E11000 duplicate key error')],
    ['a bad query', serverError(2, 'unknown operator: $foo')],
    ['an internal error that is not the backend going away', serverError(1, 'unsupported operator $where')],
    ['a bulk write with a duplicate', new MongoBulkWriteError({ message: 'E11000', code: 11000, writeErrors: [] } as never, {} as never)],
    ['a plain error', new Error('boom')],
    ['a non-error', 'ECONNREFUSED'],
    ['nothing', undefined],
  ]
  it.each(queryErrors)('does not take %s for an outage', (_shape, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false)
  })

  it('stops at a cycle of causes', () => {
    const first = new Error('first')
    const second = new Error('second', { cause: first })
    ;(first as { cause?: unknown }).cause = second
    expect(isDatabaseUnavailable(first)).toBe(false)
  })

  it('recognises what the driver really throws when the server stops under a bulk write', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hookline-unavailable-'))
    const database = await startDevDatabase({ dataDir, force: process.env.HOOKLINE_DEV_DB === 'mongod' ? 'mongod' : 'ferretdb', log: () => {} })
    const client = new MongoClient(database.uri, { serverSelectionTimeoutMS: 1_000 })
    try {
      const collection = client.db('unavailable').collection('items')
      await collection.insertMany([{ n: 1 }, { n: 2 }], { ordered: false })
      await database.stop()
      const error = await collection.insertMany([{ n: 3 }, { n: 4 }], { ordered: false }).then(
        () => undefined,
        (thrown: unknown) => thrown,
      )
      expect(error).toBeInstanceOf(MongoBulkWriteError)
      expect(isDatabaseUnavailable(error)).toBe(true)
      const readError = await collection.findOne({}).then(
        () => undefined,
        (thrown: unknown) => thrown,
      )
      expect(isDatabaseUnavailable(readError)).toBe(true)
    } finally {
      await client.close()
      await database.stop()
      await rm(dataDir, { recursive: true, force: true })
    }
  }, 60_000)
})

function labelled(label: string): MongoServerError {
  const error = serverError(0, 'labelled')
  error.addErrorLabel(label)
  return error
}
