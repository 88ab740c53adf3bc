import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MongoClient } from 'mongodb'
import { describe, expect, it } from 'vitest'
import { startDevDatabase } from '../src/index.ts'

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('startDevDatabase', () => {
  it('uses MONGODB_URI as is when set, starting nothing', async () => {
    const saved = process.env.MONGODB_URI
    process.env.MONGODB_URI = 'mongodb://127.0.0.1:1/'
    try {
      const database = await startDevDatabase()
      expect(database).toMatchObject({ kind: 'external', uri: 'mongodb://127.0.0.1:1/', pid: undefined })
    } finally {
      process.env.MONGODB_URI = saved
    }
  })

  it('names the route it chose and why', async () => {
    const saved = process.env.MONGODB_URI
    process.env.MONGODB_URI = 'mongodb://127.0.0.1:1/'
    try {
      expect(await startDevDatabase()).toMatchObject({ kind: 'external', reason: 'MONGODB_URI is set' })
    } finally {
      process.env.MONGODB_URI = saved
    }
    const savedForced = process.env.HOOKLINE_DEV_DB
    process.env.HOOKLINE_DEV_DB = 'sqlite'
    try {
      await expect(startDevDatabase()).rejects.toThrow(/HOOKLINE_DEV_DB must be auto, mongod, documentdb or ferretdb/)
    } finally {
      if (savedForced === undefined) delete process.env.HOOKLINE_DEV_DB
      else process.env.HOOKLINE_DEV_DB = savedForced
    }
  })

  it('starts its own server that answers, and stop() ends the process', async () => {
    const database = await startDevDatabase({ force: process.env.HOOKLINE_DEV_DB === 'mongod' ? 'mongod' : 'ferretdb' })
    const pid = database.pid
    expect(pid).toBeGreaterThan(0)
    expect(isAlive(pid!)).toBe(true)

    const client = await MongoClient.connect(database.uri, { serverSelectionTimeoutMS: 5_000 })
    const pong = await client.db('admin').command({ ping: 1 })
    expect(pong.ok).toBe(1)
    await client.close()

    await database.stop()
    expect(isAlive(pid!)).toBe(false)
  })

  it('restarts on the same port and data directory, keeping the data', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hookline-restart-'))
    const force = process.env.HOOKLINE_DEV_DB === 'mongod' ? 'mongod' : 'ferretdb'
    try {
      const first = await startDevDatabase({ dataDir, force })
      const port = Number(new URL(first.uri).port)
      const client = await MongoClient.connect(first.uri, { serverSelectionTimeoutMS: 5_000 })
      await client.db('restart').collection('kept').insertOne({ _id: 'k1' as never, value: 1 })
      await client.close()
      await first.stop()

      const second = await startDevDatabase({ dataDir, force, port })
      expect(Number(new URL(second.uri).port)).toBe(port)
      const again = await MongoClient.connect(second.uri, { serverSelectionTimeoutMS: 5_000 })
      expect(await again.db('restart').collection('kept').findOne({ _id: 'k1' as never })).toMatchObject({ value: 1 })
      await again.close()
      await second.stop()
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
