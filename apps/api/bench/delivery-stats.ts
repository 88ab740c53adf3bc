// Benchmark (not a test): GET /api/v1/stats/deliveries latency as the
// delivery log grows from 10,000 to 1,000,000 deliveries, against "the
// overview's cost does not grow with the number of deliveries". Each size
// has a tenant of its own with the same apps, its deliveries spread over the
// same 30 days, so only the counts differ; the real API is served on
// 127.0.0.1 and the overview's three queries are timed with the sizes
// interleaved (one sample of each size in turn), so the noise of a shared
// machine falls on every size alike instead of on whichever ran last.
//
// `--seed store` (default) inserts the deliveries through the store's
// insertMany, which keeps the hourly counters as production does. `--seed
// counters` writes only the counter documents insertMany would write for the
// same deliveries (StatsChanges, one bulk upsert per batch) and no delivery
// documents: on FerretDB/SQLite inserting 1,000,000 deliveries takes most of
// an hour, and the endpoint reads only the counters and the apps
// (src/services/delivery-stats.ts) — that it answers the full count with an
// empty deliveries collection shows it.
//
//   pnpm --filter @hookline/api bench:stats [--sizes 10000,100000,1000000] [--samples 20] [--seed store|counters] [--apps 10]
import { randomBytes } from 'node:crypto'
import { get, request } from 'node:http'
import { parseArgs } from 'node:util'
import { check, percentile, printChecks, printTable, round } from '@hookline/bench-report'
import { deliveryStatuses } from '@hookline/core'
import { startDevDatabase } from '@hookline/dev-db'
import { hooklineCollections, newDelivery, openStore, StatsChanges, type AppDocument, type DeliveryDocument, type Store } from '@hookline/store'
import { MongoClient } from 'mongodb'
import { createPasswordHasher } from '../src/auth/passwords.ts'
import { prepareDatabase } from '../src/prepare-database.ts'
import { serveApiInProcess } from './in-process-api.ts'

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

/** A tenant of its own for one size: its Administrator's token and its apps. */
interface SizeTenant {
  size: number
  tenantId: string
  token: string
  apps: AppDocument[]
}

/** Deliveries to the tenant's apps over the same 30 days whatever their number, every (hour, app, status) filled in turn. */
function rows(tenant: SizeTenant, from: number, size: number): DeliveryDocument[] {
  return Array.from({ length: size }, (_, offset) => {
    const index = from + offset
    const slot = index % counterFields
    const hour = slot % windowHours
    const appIndex = Math.floor(slot / windowHours) % appCount
    const status = deliveryStatuses[Math.floor(slot / (windowHours * appCount))]!
    const at = new Date(start + hour * 3_600_000 + ((index * 7_919) % 3_600) * 1_000)
    const app = tenant.apps[appIndex]!
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

const queries: { name: string; params: (tenant: SizeTenant) => Record<string, string> }[] = [
  { name: '30 days by hour', params: () => ({ from: new Date(start).toISOString(), to: new Date(end).toISOString(), bucket: 'hour' }) },
  { name: '7 days by day', params: () => ({ from: new Date(end - 7 * daySeconds * 1_000).toISOString(), to: new Date(end).toISOString(), bucket: 'day' }) },
  {
    name: '24 hours by hour, one app',
    params: (tenant) => ({ from: new Date(end - daySeconds * 1_000).toISOString(), to: new Date(end).toISOString(), bucket: 'hour', appId: tenant.apps[1 % appCount]!._id }),
  },
]

function postJson<T>(url: string, body: unknown, token?: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body)
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }
    const call = request(url, { method: 'POST', headers }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('error', reject)
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        if ((response.statusCode ?? 0) >= 300) reject(new Error(`POST ${new URL(url).pathname}: HTTP ${response.statusCode} ${text}`))
        else resolve(JSON.parse(text) as T)
      })
    })
    call.on('error', reject)
    call.end(payload)
  })
}

/** A new tenant (through the API, as the platform operator) with `appCount` apps. */
async function createSizeTenant(store: Store, baseUrl: string, operatorToken: string, size: number): Promise<SizeTenant> {
  const admin = { email: `bench-${size}@hookline.test`, password: `bench-${randomBytes(12).toString('hex')}` }
  const created = await postJson<{ tenant: { id: string } }>(`${baseUrl}/api/v1/tenants`, { name: `Bench ${count(size)}`, admin }, operatorToken)
  const { token } = await postJson<{ token: string }>(`${baseUrl}/api/v1/auth/login`, admin)
  const apps: AppDocument[] = []
  for (let index = 0; index < appCount; index++) {
    apps.push(
      await store.apps.create({
        tenantId: created.tenant.id,
        createdBy: admin.email,
        name: `App ${index}`,
        endpoint: 'https://hooks.example.com/in',
        active: true,
        authType: 'none',
        events: { categories: ['media'], types: [] },
        headers: [],
        retries: 3,
        retryDelaySeconds: 5,
        legacySubjectDetailEncoding: false,
      }),
    )
  }
  return { size, tenantId: created.tenant.id, token, apps }
}

async function timeOnce(baseUrl: string, tenant: SizeTenant, params: Record<string, string>, expectTotal?: number): Promise<number> {
  const url = `${baseUrl}/api/v1/stats/deliveries?${new URLSearchParams(params).toString()}`
  const started = performance.now()
  const { status, body } = await getJson(url, tenant.token)
  const ms = performance.now() - started
  if (status !== 200) throw new Error(`HTTP ${status}: ${JSON.stringify(body)}`)
  if (expectTotal !== undefined && body.totals?.total !== expectTotal) throw new Error(`Expected ${expectTotal} deliveries, the endpoint counted ${body.totals?.total}`)
  return ms
}

const database = await startDevDatabase({ log: () => {} })
const dbName = `bench_stats_${randomBytes(4).toString('hex')}`
const client = await MongoClient.connect(database.uri)
const db = client.db(dbName)
const operator = { email: 'bench@hookline.test', password: `bench-${randomBytes(8).toString('hex')}` }
let server: { baseUrl: string; close(): Promise<void> } | undefined
try {
  const store = openStore(db, { secretKey: randomBytes(32) })
  await prepareDatabase(store, createPasswordHasher({ memoryCost: 256, timeCost: 1 }), operator)
  server = await serveApiInProcess(db, operator)
  const { baseUrl } = server
  const { token: operatorToken } = await postJson<{ token: string }>(`${baseUrl}/api/v1/auth/login`, operator)
  console.log(`Database: ${database.kind}, scratch database ${dbName}; API on ${baseUrl}`)
  console.log(`${appCount} apps × ${windowHours} hours × ${deliveryStatuses.length} statuses: every counter field exists from ${count(counterFields)} deliveries on`)

  const tenants: SizeTenant[] = []
  for (const size of sizes) {
    const tenant = await createSizeTenant(store, baseUrl, operatorToken, size)
    const seedStarted = performance.now()
    for (let next = 0; next < size; next += batch) {
      await seed(store, rows(tenant, next, Math.min(batch, size - next)))
      // Progress on long seeds (1M through the store takes most of an hour on FerretDB/SQLite).
      const done = Math.min(next + batch, size)
      if (done % 100_000 === 0 && done < size) console.log(`  … ${count(done)} ${seedCountersOnly ? 'counted' : 'inserted'} after ${((performance.now() - seedStarted) / 1000).toFixed(0)} s`)
    }
    const documents = await hooklineCollections(db).deliveries.countDocuments({ tenantId: tenant.tenantId })
    console.log(`${count(size)} deliveries ${seedCountersOnly ? 'counted' : 'inserted'} in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s (tenant ${tenant.tenantId}, ${count(documents)} delivery documents)`)
    // The first answer also checks the counters hold every delivery.
    await timeOnce(baseUrl, tenant, queries[0]!.params(tenant), size)
    tenants.push(tenant)
  }

  // Interleaved: each round times every query once for every size, in an order that rotates.
  const timings = new Map<string, number[]>()
  for (let round = 0; round < samples; round++) {
    for (let offset = 0; offset < tenants.length; offset++) {
      const tenant = tenants[(round + offset) % tenants.length]!
      for (const query of queries) {
        const ms = await timeOnce(baseUrl, tenant, query.params(tenant))
        const key = `${tenant.size}|${query.name}`
        timings.set(key, [...(timings.get(key) ?? []), ms])
      }
    }
  }

  const results: Record<string, string | number>[] = []
  const p50s: Record<string, number[]> = {}
  for (const tenant of tenants) {
    for (const query of queries) {
      const measured = timings.get(`${tenant.size}|${query.name}`)!
      const p50 = round(percentile(measured, 0.5), 1)
      ;(p50s[query.name] ??= []).push(p50)
      results.push({ deliveries: count(tenant.size), query: query.name, samples: measured.length, 'p50 (ms)': p50, 'p95 (ms)': round(percentile(measured, 0.95), 1), 'max (ms)': round(Math.max(...measured), 1) })
    }
  }
  printTable(`GET /api/v1/stats/deliveries as the log grows (${database.kind}, seeded through ${seedCountersOnly ? 'the counters only' : 'the store'}, ${appCount} apps, sizes interleaved)`, results)
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
  await server?.close()
  await db.dropDatabase().catch(() => undefined)
  await client.close()
  await database.stop()
}
