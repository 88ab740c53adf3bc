// Two worker processes share one queue over 10,000 deliveries. Where the
// server applies findAndModify atomically (MongoDB, FerretDB 2 on
// DocumentDB), Agenda's job locks hold across processes: every delivery
// arrives exactly once (no fault happens here, so at-least-once allows no
// repeat), and both workers take a share of the work. FerretDB 1 (SQLite)
// lacks that guarantee, so this test runs on a DocumentDB server of its own
// unless HOOKLINE_DEV_DB names another engine (mongod).
import { serverCapabilities } from '@hookline/store'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { publishBatch, publishBody } from '../src/lib/publish.ts'
import type { HooklineClient } from '../src/lib/api-client.ts'
import { awaitArrivals, awaitSucceededLog } from './support/await-deliveries.ts'
import type { ExpectedDelivery } from './support/delivery-audit.ts'
import { startFaultSystem, type FaultSystem } from './support/fault-system.ts'

const events = 5_000
const eventsPerRequest = 100

let faults: FaultSystem
let publisher: HooklineClient
let apps: { appId: string; path: string }[]

beforeAll(async () => {
  const forced = process.env.HOOKLINE_DEV_DB === 'mongod' ? 'mongod' : 'documentdb'
  faults = await startFaultSystem({ workers: 2, databaseKind: forced })
  publisher = await faults.admin.publisher()
  apps = [await faults.addApp('two workers A'), await faults.addApp('two workers B')]
  // On a new machine this first start builds PostgreSQL's extensions and FerretDB 2 (minutes on 2 busy cores).
}, 15 * 60_000)
afterAll(() => faults?.close())

/** Successful attempts one worker made, from its Prometheus metrics. */
async function successfulAttempts(workerUrl: string): Promise<number> {
  const text = await (await fetch(`${workerUrl}/metrics`)).text()
  const line = text.split('\n').find((candidate) => candidate.startsWith('hookline_delivery_attempts_total{') && candidate.includes('outcome="success"'))
  return line ? Number(line.split(' ').at(-1)) : 0
}

it('delivers 10,000 deliveries once each with two worker processes sharing the queue', async () => {
  // Several workers rest on atomic findAndModify; this engine must offer it.
  expect((await serverCapabilities(faults.db)).atomicFindAndModify).toBe(true)

  const expected: ExpectedDelivery[] = []
  for (let sequence = 0; sequence < events; sequence += eventsPerRequest) {
    const bodies = Array.from({ length: eventsPerRequest }, (_, index) => publishBody(sequence + index))
    for (const event of await publishBatch(publisher, bodies)) {
      expect(event.deliveries).toBe(apps.length)
      for (const app of apps) expected.push({ eventId: event.id, ...app })
    }
  }
  expect(expected).toHaveLength(10_000)

  const audit = await awaitArrivals(faults, expected, 8 * 60_000)
  const shares = await Promise.all(faults.system.workerUrls.map(successfulAttempts))
  console.log(`${expected.length} deliveries arrived, ${audit.repeats} repeats; successful attempts per worker: ${shares.join(', ')}`)
  expect(audit.missing).toEqual([])
  expect(audit.unexpected).toEqual([])
  expect(audit.inconsistentIds).toEqual([])
  expect(audit.sharedIds).toEqual([])
  expect(audit.repeats).toBe(0)
  expect(shares.every((share) => share > 0)).toBe(true)
  expect(shares.reduce((sum, share) => sum + share, 0)).toBe(expected.length)

  const log = await awaitSucceededLog(faults, expected, audit)
  expect(log.unlogged).toEqual([])
  expect(log.duplicated).toEqual([])
  expect(log.wrongMessageId).toEqual([])
  expect(log.badCounters).toEqual([])
})
