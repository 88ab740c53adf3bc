// The worker's /metrics counts the database commands it sends (the
// benchmarks divide them by the deliveries made), and stops when the worker stops.
import { randomBytes } from 'node:crypto'
import { testDatabaseUri, uniqueDatabaseName } from '@hookline/dev-db/testing'
import { connectDatabase } from '@hookline/store'
import { afterAll, describe, expect, it } from 'vitest'
import { createWorkerMetrics } from '../src/metrics/worker-metrics.ts'

const connection = connectDatabase(testDatabaseUri(), { defaultDatabaseName: uniqueDatabaseName('worker-command-metrics') })
afterAll(async () => {
  await connection.db.dropDatabase().catch(() => undefined)
  await connection.close()
})

// Summed over the collections the commands named.
const counted = (text: string, command: string) =>
  [...text.matchAll(new RegExp(`^hookline_database_commands_total\\{command="${command}",outcome="ok",collection="[^"]*"\\} (\\d+)$`, 'gm'))].reduce((sum, match) => sum + Number(match[1]), 0)
const total = (text: string, name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? Number.NaN)

describe('the worker’s database command metrics', () => {
  it('count commands by name with their bytes, until closed', async () => {
    const metrics = createWorkerMetrics({ databaseClient: connection.client })
    const collection = connection.db.collection<{ _id: string; body: string }>('counted')
    await collection.insertOne({ _id: randomBytes(4).toString('hex'), body: 'y'.repeat(3_000) })
    await collection.countDocuments({})
    const counts = await metrics.registry.metrics()
    expect(counted(counts, 'insert')).toBe(1)
    expect(counted(counts, 'aggregate')).toBe(1)
    expect(total(counts, 'hookline_database_sent_bytes_total')).toBeGreaterThan(3_000)
    expect(total(counts, 'hookline_database_received_bytes_total')).toBeGreaterThan(0)

    metrics.close()
    await collection.insertOne({ _id: randomBytes(4).toString('hex'), body: 'z' })
    expect(counted(await metrics.registry.metrics(), 'insert')).toBe(1)
  })
})
