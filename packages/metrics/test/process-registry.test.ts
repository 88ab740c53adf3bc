// The metrics every Hookline process serves, against the real database: the
// command counts by their contract names (the benchmarks read them), process
// metrics under the process's prefix, and a registry per call.
import { randomBytes } from 'node:crypto'
import { testDatabaseUri, uniqueDatabaseName } from '@hookline/dev-db/testing'
import { connectDatabase } from '@hookline/store'
import { afterAll, describe, expect, it } from 'vitest'
import { capabilityProfile, minimalCapabilities, type ServerCapabilities } from '@hookline/store'
import { createProcessRegistry } from '../src/index.ts'

const connection = connectDatabase(testDatabaseUri(), { defaultDatabaseName: uniqueDatabaseName('metrics-registry') })
afterAll(async () => {
  await connection.db.dropDatabase().catch(() => undefined)
  await connection.close()
})

// Summed over the collections the commands named.
const counted = (text: string, command: string, outcome = 'ok') =>
  [...text.matchAll(new RegExp(`^hookline_database_commands_total\\{command="${command}",outcome="${outcome}",collection="[^"]*"\\} (\\d+)$`, 'gm'))].reduce((sum, match) => sum + Number(match[1]), 0)
const total = (text: string, name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? Number.NaN)

describe('createProcessRegistry', () => {
  it('counts the database commands by name and outcome, with the bytes sent and received, until stopped', async () => {
    const { registry, stopWatchingDatabase } = createProcessRegistry('hookline_test_', { databaseClient: connection.client })
    const collection = connection.db.collection<{ _id: string; body: string }>('counted')
    const _id = randomBytes(4).toString('hex')
    await collection.insertOne({ _id, body: 'y'.repeat(4_000) })
    expect(await collection.findOne({ _id })).not.toBeNull()
    // A command the server refuses (ok: 0) is counted as failed.
    await expect(connection.db.command({ hooklineNoSuchCommand: 1 })).rejects.toThrow()
    const counts = await registry.metrics()

    expect(counted(counts, 'insert')).toBe(1)
    expect(counted(counts, 'find')).toBe(1)
    expect(counted(counts, 'hooklineNoSuchCommand', 'failed')).toBe(1)
    expect(counted(counts, 'insert', 'failed')).toBe(0)
    // Each by the collection it named; a command on the database names none.
    expect(counts).toMatch(/^hookline_database_commands_total\{command="insert",outcome="ok",collection="counted"\} 1$/m)
    expect(counts).toMatch(/^hookline_database_commands_total\{command="hooklineNoSuchCommand",outcome="failed",collection=""\} 1$/m)
    // The body went out with the insert and came back with the find.
    expect(total(counts, 'hookline_database_sent_bytes_total')).toBeGreaterThan(4_000)
    expect(total(counts, 'hookline_database_received_bytes_total')).toBeGreaterThan(4_000)

    stopWatchingDatabase()
    await collection.insertOne({ _id: randomBytes(4).toString('hex'), body: 'z' })
    expect(counted(await registry.metrics(), 'insert')).toBe(1)
  })

  it('gives each call a registry of its own (tests run several processes in one)', async () => {
    const first = createProcessRegistry('hookline_test_', { databaseClient: connection.client })
    const second = createProcessRegistry('hookline_test_', { databaseClient: connection.client })
    expect(first.registry).not.toBe(second.registry)
    await connection.db.collection('counted').countDocuments({})
    expect(counted(await first.registry.metrics(), 'aggregate')).toBe(1)
    expect(counted(await second.registry.metrics(), 'aggregate')).toBe(1)
    first.stopWatchingDatabase()
    second.stopWatchingDatabase()
  })

  it('leaves the database metrics out without a client, and adds process metrics under the prefix when asked', async () => {
    const bare = createProcessRegistry('hookline_test_')
    const bareText = await bare.registry.metrics()
    expect(bareText).not.toContain('hookline_database_commands_total')
    expect(bareText).not.toContain('hookline_test_process_cpu_seconds_total')
    expect(() => bare.stopWatchingDatabase()).not.toThrow()

    const withProcess = createProcessRegistry('hookline_test_', { processMetrics: true })
    expect(await withProcess.registry.metrics()).toMatch(/^hookline_test_process_cpu_seconds_total \d/m)
  })

  it('exports what the database server was found to do, once the profile is known, and nothing before', async () => {
    let known: ServerCapabilities | undefined = undefined
    const { registry } = createProcessRegistry('hookline_test_', { databaseCapabilities: () => known })
    expect(await registry.metrics()).not.toMatch(/^hookline_database_capability\{/m)

    known = capabilityProfile(minimalCapabilities, { filterPushdown: true, transactions: true })
    const text = await registry.metrics()
    const exported = Object.fromEntries([...text.matchAll(/^hookline_database_capability\{capability="(\w+)"\} ([01])$/gm)].map((match) => [match[1], match[2] === '1']))
    expect(exported).toEqual({ ...known })
  })
})
