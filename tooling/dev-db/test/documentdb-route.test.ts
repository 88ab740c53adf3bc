import { spawn, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MongoClient } from 'mongodb'
import { describe, expect, it } from 'vitest'
import { documentDbAvailability, startDevDatabase } from '../src/index.ts'

// The DocumentDB route needs Linux with Debian packages and Go; the test
// command's machines have them (the route installs the packages as root).
const availability = await documentDbAvailability(() => {})
const fixture = fileURLToPath(new URL('./fixtures/start-and-wait.ts', import.meta.url))

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** The postmaster's PID, from the first line of postmaster.pid. */
function postmasterPid(dataDir: string): number {
  return Number(readFileSync(join(dataDir, 'documentdb', 'pgdata', 'postmaster.pid'), 'utf8').split('\n')[0])
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (check()) return true
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return check()
}

describe('the documentdb route (FerretDB 2 on PostgreSQL with DocumentDB)', () => {
  it('can be built on this machine', () => {
    expect(availability).toEqual({ ok: true })
  })

  it('serves FerretDB 2 over DocumentDB, and stop() ends FerretDB and PostgreSQL', { timeout: 600_000 }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hookline-documentdb-route-'))
    await chmod(dataDir, 0o755) // PostgreSQL's user must reach the cluster inside it
    try {
      const database = await startDevDatabase({ dataDir, force: 'documentdb' })
      expect(database).toMatchObject({ kind: 'documentdb', reason: 'HOOKLINE_DEV_DB=documentdb' })
      const postgres = postmasterPid(dataDir)
      expect(isAlive(postgres)).toBe(true)

      const client = await MongoClient.connect(database.uri, { serverSelectionTimeoutMS: 10_000 })
      const info = await client.db('admin').command({ buildInfo: 1 })
      expect(info.ferretdb).toMatchObject({ version: 'v2.5.0' })
      const items = client.db('route').collection<{ _id: string; n: number }>('items')
      await items.insertMany([{ _id: 'a', n: 1 }, { _id: 'b', n: 2 }])
      expect(await items.find({ n: { $gte: 2 } }).toArray()).toEqual([{ _id: 'b', n: 2 }])
      await client.close()

      await database.stop()
      expect(isAlive(database.pid!)).toBe(false)
      expect(await waitUntil(() => !isAlive(postgres), 10_000)).toBe(true)
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  })

  // A 202 promises the publish is stored. PostgreSQL restarts every backend
  // when one crashes (DocumentDB's RUM index segfaulted under load), and with
  // synchronous_commit=off the last acknowledged commits were gone after the
  // restart: two accepted events lost their deliveries (2026-12-04).
  it('keeps every acknowledged write when a PostgreSQL backend crashes', { timeout: 600_000 }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hookline-documentdb-crash-'))
    await chmod(dataDir, 0o755)
    try {
      const database = await startDevDatabase({ dataDir, force: 'documentdb' })
      const client = await MongoClient.connect(database.uri, { serverSelectionTimeoutMS: 30_000, retryWrites: false, retryReads: false })
      const items = client.db('crash').collection<{ _id: number }>('items')
      await items.insertOne({ _id: -1 })
      // A steady stream of single inserts, each acknowledged before the next, and the crash right after one.
      const acknowledged: number[] = []
      const started = Date.now()
      for (let id = 0; Date.now() - started < 500; id++) {
        await items.insertOne({ _id: id })
        acknowledged.push(id)
      }
      const backends = spawnSync('pgrep', ['-P', String(postmasterPid(dataDir)), '-f', 'postgres: .*127\\.0\\.0\\.1'], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean)
      expect(backends.length).toBeGreaterThan(0)
      process.kill(Number(backends[0]), 'SIGSEGV')
      // PostgreSQL ends every connection, replays its log and accepts connections again.
      let stored: number[] | undefined
      const deadline = Date.now() + 120_000
      while (!stored && Date.now() < deadline) {
        stored = await items
          .find({ _id: { $gte: 0 } })
          .toArray()
          .then((documents) => documents.map((document) => document._id))
          .catch(async () => {
            await new Promise((resolve) => setTimeout(resolve, 500))
            return undefined
          })
      }
      expect(acknowledged.length).toBeGreaterThan(10)
      expect(stored?.length).toBe(acknowledged.length)
      await client.close()
      await database.stop()
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  })

  it('stops FerretDB and PostgreSQL when its parent is SIGKILLed', { timeout: 600_000 }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hookline-documentdb-orphan-'))
    await chmod(dataDir, 0o755)
    const parent = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] })
    try {
      const started = await new Promise<{ uri: string; pid: number }>((resolve, reject) => {
        let output = ''
        parent.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString()
          const line = output.split('\n').find((candidate) => candidate.startsWith('{'))
          if (line) resolve(JSON.parse(line) as { uri: string; pid: number })
        })
        parent.once('exit', (code) => reject(new Error(`the fixture exited early (${code})`)))
      })
      const postgres = postmasterPid(dataDir)
      expect([isAlive(started.pid), isAlive(postgres)]).toEqual([true, true])

      parent.kill('SIGKILL')
      expect(await waitUntil(() => !isAlive(started.pid), 30_000)).toBe(true)
      expect(await waitUntil(() => !isAlive(postgres), 30_000)).toBe(true)
    } finally {
      parent.kill('SIGKILL')
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
