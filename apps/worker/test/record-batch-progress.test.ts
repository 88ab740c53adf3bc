// A batch whose attempts' detail cannot be written still stands: the store
// writes the statuses first, and the worker logs the lost detail instead of
// failing the job (which would leave its retries unscheduled). Any other
// failure of the write still fails the batch.
import { randomBytes } from 'node:crypto'
import { openStore, type DeliveryProgress } from '@hookline/store'
import { MongoClient } from 'mongodb'
import { pino } from 'pino'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { recordBatchProgress } from '../src/delivery/record-batch-progress.ts'
import { startEngine, type Engine } from './support/engine.ts'

let engine: Engine
beforeAll(async () => {
  engine = await startEngine('worker-record-batch-progress')
})
afterAll(async () => {
  await engine.close()
})

function succeeded(id: string, excerpt: string): DeliveryProgress {
  const at = new Date()
  return {
    id,
    status: 'succeeded',
    attempt: { attempt: 1, startedAt: at.toISOString(), durationMs: 5, outcome: 'success', requestHeaders: [], responseStatus: 200, responseBodyExcerpt: excerpt },
    attemptCount: 1,
    retryAttempts: 0,
    lastStatusCode: 200,
    lastError: null,
    nextAttemptAt: null,
    at,
  }
}

it('keeps the deliveries’ status and logs the loss when only the attempts’ detail cannot be written', async () => {
  const app = await engine.createApp()
  const [delivery] = await engine.publish([app])
  const lines: string[] = []
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) })
  // Past BSON's 16 MiB limit, so the driver refuses the attempts' insert (the dispatcher keeps 4 KiB: a stand-in for a real failure).
  await expect(recordBatchProgress(engine.store, logger, [succeeded(delivery!._id, 'x'.repeat(17 * 1024 * 1024))])).resolves.toBeUndefined()
  const [stored] = await engine.store.deliveries.findByIds([delivery!._id])
  expect(stored).toMatchObject({ status: 'succeeded', attemptCount: 1, lastStatusCode: 200, nextAttemptAt: null })
  expect(await engine.store.deliveries.attemptsOf(stored!)).toEqual([])
  const logged = lines.map((line) => JSON.parse(line) as { level: number; msg: string; deliveryIds?: string[] })
  expect(logged).toContainEqual(expect.objectContaining({ level: 50, deliveryIds: [delivery!._id], msg: expect.stringContaining('not written') }))
})

it('fails the batch when the statuses themselves cannot be written', async () => {
  const client = await MongoClient.connect(engine.database.uri)
  const store = openStore(client.db(engine.database.db.databaseName), { secretKey: randomBytes(32) })
  await client.close()
  const logger = pino({ level: 'silent' })
  await expect(recordBatchProgress(store, logger, [succeeded('dlv_missing', 'ok')])).rejects.toThrow()
})
