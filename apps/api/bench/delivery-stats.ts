// Benchmark (not a test): GET /api/v1/stats/deliveries latency as the
// delivery log grows from 10,000 to 1,000,000 deliveries, against "the
// overview's cost does not grow with the number of deliveries". Seeds a
// scratch database on the local dev database through the store's own
// insertMany (which keeps the hourly counters), spread over the same 30 days
// at every size, so only the counts grow; serves the real API on 127.0.0.1
// and times the overview's three queries at each size.
//
// `--seed counters` writes only the counter documents that the store's
// insertMany would write for the same deliveries (StatsChanges, one bulk
// upsert per batch) and no delivery documents: on FerretDB/SQLite inserting
// 1,000,000 deliveries takes most of an hour, and the endpoint reads only the
// counters and the apps (src/services/delivery-stats.ts). That it still
// answers the full count with an empty deliveries collection shows it.
//
//   pnpm --filter @hookline/api bench:stats [--sizes 10000,100000,1000000] [--samples 20] [--seed store|counters] [--apps 10]
import { randomBytes } from 'node:crypto'
import { get } from 'node:http'
import { parseArgs } from 'node:util'
import { check, percentile, printChecks, printTable, round } from '@hookline/bench-report'
import { deliveryStatuses } from '@hookline/core'
import { startDevDatabase } from '@hookline/dev-db'
import { hooklineCollections, newDelivery, openStore, StatsChanges, type DeliveryDocument, type Store } from '@hookline/store'
import { MongoClient } from 'mongodb'
import { createPasswordHasher } from '../src/auth/passwords.ts'
import { prepareDatabase } from '../src/prepare-database.ts'
import { defaultTenantId } from '../src/services/seed-operator.ts'
import { startBenchApi, type BenchApi } from './log-query-api.ts'

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,1000000' },
    samples: { type: 'string', default: '20' },
    batch: { type: 'string', default: '10000' },
    seed: { type: 'string', default: 'store' },
    apps: { type: 'string', default: '10' },
  },
})
if (values.seed !== 'store' && values.seed !== 'counters') throw new Error('--seed is store or counters')
const seedCountersOnly = values.seed === 'counters'
const sizes = values.sizes.split(',').map(Number).sort((a, b) => a - b)
const samples = Number(values.samples)
const batch = Number(values.batch)

const daySeconds = 86_400
const windowDays = 30
const end = Date.UTC(2026, 2, 1)
const start = end - windowDays * daySeconds * 1_000
const appCount = Number(values.apps)
const windowHours = windowDays * 24
/**
 * The counters hold one number per (hour, app, status): the overview reads
 * more of them until every one exists, then never more. Rows fill them in
 * order, so from this size on every size reads the same counter fields and
 * only the counts in them differ.
 */
const counterFields = windowHours * appCount * deliveryStatuses.length
const count = (value: number) => value.toLocaleString('en-US')

/** Deliveries to `--apps` apps over the same 30 days whatever their number, every (hour, app, status) filled in turn. */
function rows(from: number, size: number): DeliveryDocument[] {
  return Array.from({ length: size }, (_, offset) => {
    const index = from + offset
    const slot = index % counterFields
    const hour = slot % windowHours
    const appIndex = Math.floor(slot / windowHours) % appCount
    const status = deliveryStatuses[Math.floor(slot / (windowHours * appCount))]!
    const at = new Date(start + hour * 3_600_000 + ((index * 7_919) % 3_600) * 1_000)
    const app = { _id: `app_stats_${appIndex}`, tenantId: defaultTenantId, name: `App ${appIndex}`, endpoint: 'https://hooks.example.com/in' }
    const delivery = newDelivery({ app, event: { _id: `evt_${index}`, type: 'media.updated', portalEventId: 'X' }, at })
    // Inserted in their final status: insertMany counts each in it.
    return { ...delivery, status }
  })
}

/** The counter documents the store's insertMany writes for these deliveries, without the deliveries. */
async function seedCounters(deliveryRows: readonly DeliveryDocument[]): Promise<void> {
  const changes = new StatsChanges()
  for (const delivery of deliveryRows) changes.add(delivery, delivery.status)
  await hooklineCollections(db).deliveryStats.bulkWrite(changes.operations(), { ordered: false })
}

function seed(store: Store, deliveryRows: DeliveryDocument[]): Promise<void> {
  return seedCountersOnly ? seedCounters(deliveryRows) : store.deliveries.insertMany(deliveryRows)
}

function getJson(url: string, token: string): Promise<{ status: number; body: { totals?: { total: number } } }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { authorization: `Bearer ${token}` } }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('error', reject)
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }))
    }).on('error', reject)
  })
}

const queries: { name: string; params: Record<string, string> }[] = [
  { name: '30 days by hour', params: { from: new Date(start).toISOString(), to: new Date(end).toISOString(), bucket: 'hour' } },
  { name: '7 days by day', params: { from: new Date(end - 7 * daySeconds * 1_000).toISOString(), to: new Date(end).toISOString(), bucket: 'day' } },
  { name: '24 hours by hour, one app', params: { from: new Date(end - daySeconds * 1_000).toISOString(), to: new Date(end).toISOString(), bucket: 'hour', appId: 'app_stats_1' } },
]

async function time(api: BenchApi, params: Record<string, string>, expectTotal?: number): Promise<number[]> {
  const url = `${api.baseUrl}/api/v1/stats/deliveries?${new URLSearchParams(params).toString()}`
  const timings: number[] = []
  for (let sample = 0; sample <= samples; sample++) {
    const started = performance.now()
    const { status, body } = await getJson(url, api.managerToken)
    const ms = performance.now() - started
    if (status !== 200) throw new Error(`HTTP ${status}: ${JSON.stringify(body)}`)
    if (expectTotal !== undefined && body.totals?.total !== expectTotal) throw new Error(`Expected ${expectTotal} deliveries, the endpoint counted ${body.totals?.total}`)
    if (sample > 0) timings.push(ms) // the first is a warm-up
  }
  return timings
}

const database = await startDevDatabase({ log: () => {} })
const dbName = `bench_stats_${randomBytes(4).toString('hex')}`
const client = await MongoClient.connect(database.uri)
const db = client.db(dbName)
const admin = { email: 'bench@hookline.test', password: `bench-${randomBytes(8).toString('hex')}` }
let api: BenchApi | undefined
try {
  const store = openStore(db, { secretKey: randomBytes(32) })
  await prepareDatabase(store, createPasswordHasher({ memoryCost: 256, timeCost: 1 }), admin)
  api = await startBenchApi(db, admin)
  console.log(`Database: ${database.kind}, scratch database ${dbName}; API on ${api.baseUrl}`)
  console.log(`${appCount} apps × ${windowHours} hours × ${deliveryStatuses.length} statuses: every counter field exists from ${count(counterFields)} deliveries on`)
  const results: Record<string, string | number>[] = []
  const p50s: Record<string, number[]> = {}
  let seeded = 0
  for (const size of sizes) {
    const insertStarted = performance.now()
    for (let next = seeded; next < size; next += batch) {
      await seed(store, rows(next, Math.min(batch, size - next)))
      // Progress on long seeds (1M takes tens of minutes on FerretDB/SQLite).
      const done = Math.min(next + batch, size)
      if (done % 100_000 === 0 && done < size) console.log(`  … ${count(done)} ${seedCountersOnly ? "counted" : "in the log"} after ${((performance.now() - insertStarted) / 1000).toFixed(0)} s`)
    }
    const documents = await hooklineCollections(db).deliveries.estimatedDocumentCount()
    console.log(`${count(size - seeded)} deliveries ${seedCountersOnly ? 'counted' : 'inserted'} in ${((performance.now() - insertStarted) / 1000).toFixed(1)} s; ${count(size)} in the counters, ${count(documents)} delivery documents`)
    seeded = size
    for (const [index, query] of queries.entries()) {
      const timings = await time(api, query.params, index === 0 ? size : undefined)
      const p50 = round(percentile(timings, 0.5), 1)
      ;(p50s[query.name] ??= []).push(p50)
      results.push({ deliveries: count(size), query: query.name, samples: timings.length, 'p50 (ms)': p50, 'p95 (ms)': round(percentile(timings, 0.95), 1), 'max (ms)': round(Math.max(...timings), 1) })
    }
  }
  printTable(`GET /api/v1/stats/deliveries as the log grows (${database.kind}, seeded through ${seedCountersOnly ? 'the counters only' : 'the store'})`, results)
  // Flat: the largest size's median within 2× (+5 ms of noise) of the smallest's.
  printChecks(
    Object.entries(p50s).map(([name, medians]) =>
      check(
        `${name}: p50 at ${count(sizes.at(-1)!)} within 2× of ${count(sizes[0]!)}`,
        `${medians[0]} ms → ${medians.at(-1)} ms`,
        medians.at(-1)! <= medians[0]! * 2 + 5,
      ),
    ),
  )
} finally {
  await api?.close()
  await db.dropDatabase().catch(() => undefined)
  await client.close()
  await database.stop()
}
