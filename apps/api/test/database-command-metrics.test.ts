// GET /metrics counts the database commands the API process sends (the
// benchmarks divide them by the events published): real database, a client
// from connectDatabase as main.ts makes it.
import { randomBytes } from 'node:crypto'
import { testDatabaseUri, uniqueDatabaseName } from '@hookline/dev-db/testing'
import { connectDatabase, openStore } from '@hookline/store'
import { afterAll, describe, expect, it } from 'vitest'
import { createApiMetrics } from '../src/http/api-metrics.ts'

const connection = connectDatabase(testDatabaseUri(), { defaultDatabaseName: uniqueDatabaseName('api-command-metrics') })
afterAll(async () => {
  await connection.db.dropDatabase().catch(() => undefined)
  await connection.close()
})

// Summed over the collections the commands named.
const counted = (text: string, command: string) =>
  [...text.matchAll(new RegExp(`^hookline_database_commands_total\\{command="${command}",outcome="ok",collection="[^"]*"\\} (\\d+)$`, 'gm'))].reduce((sum, match) => sum + Number(match[1]), 0)
const total = (text: string, name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? Number.NaN)

describe('the API’s database command metrics', () => {
  it('count commands by name and the bytes sent and received', async () => {
    const store = openStore(connection.db, { secretKey: randomBytes(32) })
    const metrics = createApiMetrics(store, { databaseClient: connection.client })
    const before = await metrics.registry.metrics()
    await store.events.insertMany([{ _id: 'evt_metrics', tenantId: 'ten_m', type: 'media.updated', portalEventId: 'P', envelopeJson: 'x'.repeat(5_000), createdAt: new Date() }])
    expect(await store.events.findByIds(['evt_metrics'])).toHaveLength(1)
    const after = await metrics.registry.metrics()

    expect(counted(after, 'insert') - counted(before, 'insert')).toBe(1)
    expect(counted(after, 'find') - counted(before, 'find')).toBeGreaterThanOrEqual(1)
    // The envelope went out with the insert and came back with the find.
    expect(total(after, 'hookline_database_sent_bytes_total') - total(before, 'hookline_database_sent_bytes_total')).toBeGreaterThan(5_000)
    expect(total(after, 'hookline_database_received_bytes_total') - total(before, 'hookline_database_received_bytes_total')).toBeGreaterThan(5_000)
  })

  it('are left out for an API built without a client to watch (tests build many on one client)', async () => {
    const metrics = createApiMetrics(openStore(connection.db, { secretKey: randomBytes(32) }))
    expect(await metrics.registry.metrics()).not.toContain('hookline_database_commands_total')
  })
})
