// Benchmark (not a test): GET /api/v1/logs latency as the delivery log grows
// to 1,000,000 rows, against "logs query p95 ≤ 50 ms at 1M records". Seeds a
// scratch database on the local dev database (MONGODB_URI, mongod or
// FerretDB) with one tenant's rows plus a second tenant's, serves the real
// API on 127.0.0.1 and times the list queries a dashboard makes. Times the
// no-filter first page at smaller sizes on the way up, to show whether the
// query cost is flat (an index walk) or grows with the rows (a scan), and
// prints each query's plan from explain.
//
//   pnpm --filter @hookline/api bench:logs [--records 1000000] [--samples 20]
//     [--scale-at 10000,100000] [--scale-samples 5] [--warmup 1] [--bulk-load]
//     [--data-dir DIR --keep-db NAME]
//
// --bulk-load drops the deliveries' secondary indexes while a checkpoint's
// rows go in and builds them again before the timings, as a bulk import
// does: on DocumentDB each row otherwise updates every index as it lands
// (~350 rows/s here, over 45 minutes for 1,000,000). The queries timed are
// the same; only the seeding is faster.
//
// --keep-db NAME seeds into the database NAME and keeps it; a later run with
// the same NAME, layout (--records, --other-tenant-records) and --data-dir
// (the engine's data folder, kept between runs) reuses the rows and goes
// straight to the timings of the final size (the smaller checkpoints are
// not timed then: the log already holds every row).
import { randomBytes } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { startDevDatabase } from '@hookline/dev-db'
import { collectionNames, openStore, type Store } from '@hookline/store'
import { MongoClient, type Db, type Document } from 'mongodb'
import { createPasswordHasher } from '../src/auth/passwords.ts'
import { prepareDatabase } from '../src/prepare-database.ts'
import { defaultTenantId } from '../src/services/seed-operator.ts'
import { benchDeliveries } from './bench-rows.ts'
import { startBenchApi } from './log-query-api.ts'
import { databaseInfo, explainShape, type ExplainedShape } from './log-query-explain.ts'
import { check, percentile, printChecks, printTable, round } from '@hookline/bench-report'
import { summarize, type LatencySummary } from './log-query-report.ts'
import { firstPageShape, queryShapes, type SeedLayout } from './log-query-shapes.ts'
import { timeShape } from './log-query-timing.ts'
import { dropAllButSeed, readSeedMark, sameSeed, writeSeedMark, type SeedMark } from './log-query-kept-seed.ts'

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    samples: { type: 'string', default: '20' },
    'scale-at': { type: 'string', default: '10000,100000' },
    'scale-samples': { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    'other-tenant-records': { type: 'string', default: '5000' },
    batch: { type: 'string', default: '10000' },
    'bulk-load': { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    'keep-db': { type: 'string' },
    out: { type: 'string', default: join(dirname(fileURLToPath(import.meta.url)), 'results', 'log-query.json') },
  },
})
const records = Number(values.records)
const samples = Number(values.samples)
const scaleSamples = Number(values['scale-samples'])
const warmup = Number(values.warmup)
const otherTenantRecords = Number(values['other-tenant-records'])
const batch = Number(values.batch)
const checkpoints = [
  ...new Set([...values['scale-at'].split(',').filter(Boolean).map(Number).filter((size) => size > 0 && size < records), records]),
].sort((a, b) => a - b)
for (const [name, value] of Object.entries({ records, samples, scaleSamples, warmup, otherTenantRecords, batch })) {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} must be a whole number (got ${value})`)
}
if (records < 1_000) throw new Error('--records must be at least 1000: every filtered query must fill a page')

const targetMs = 50
const start = Date.UTC(2024, 0, 1)
const layout = (size: number): SeedLayout => ({ start, records: size })
const admin = { email: 'bench@hookline.test', password: `bench-${randomBytes(8).toString('hex')}` }
const count = (value: number) => value.toLocaleString('en-US')

async function seed(store: Store, tenantId: string, rowsStart: number, from: number, to: number, onProgress?: (rows: number) => void) {
  for (let next = from; next < to; next += batch) {
    await store.deliveries.insertMany(benchDeliveries(tenantId, rowsStart, next, Math.min(batch, to - next)))
    onProgress?.(Math.min(next + batch, to))
  }
}

const keepDb = values['keep-db']
if (keepDb !== undefined && !/^[A-Za-z0-9_]+$/.test(keepDb)) throw new Error(`--keep-db must be a database name of letters, digits and _ (got "${keepDb}")`)
/** The tenant's rows from `seeded` up to `size`; with --bulk-load, the indexes dropped while they go in and built after. */
async function seedCheckpoint(store: Store, db: Db, tenantId: string, seeded: number, size: number, insertStarted: number) {
  if (values['bulk-load']) await db.collection(collectionNames.deliveries).dropIndexes()
  let lastReport = seeded
  await seed(store, tenantId, start, seeded, size, (rows) => {
    if (rows - lastReport >= 100_000 || rows === size) {
      const seconds = (performance.now() - insertStarted) / 1000
      console.log(`  seeded ${count(rows)} rows (${count(Math.round((rows - seeded) / seconds))} rows/s)`)
      lastReport = rows
    }
  })
  if (values['bulk-load']) {
    const indexStarted = performance.now()
    await store.ensureIndexes()
    console.log(`  indexes built again in ${((performance.now() - indexStarted) / 1000).toFixed(1)} s`)
  }
}

const database = await startDevDatabase({ log: () => {}, ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}) })
const dbName = keepDb ?? `bench_log_query_${randomBytes(4).toString('hex')}`
// Command monitoring: the plans below explain the finds the store really sent.
const client = await MongoClient.connect(database.uri, { monitorCommands: true })
const sentFinds: Document[] = []
client.on('commandStarted', (event) => {
  if (event.commandName === 'find' && event.command.find === 'deliveries') sentFinds.push(event.command)
})
const db = client.db(dbName)
let closeApi = async (): Promise<void> => {}
const layoutMark: SeedMark = { records, otherTenantRecords, start }
try {
  const reused = keepDb !== undefined && sameSeed(await readSeedMark(db), layoutMark)
  if (reused) await dropAllButSeed(db)
  // A kept database without the mark holds a seed that stopped half-way (or another layout): start again.
  else if (keepDb !== undefined) await db.dropDatabase()
  const store = openStore(db, { secretKey: randomBytes(32) })
  // Indexes (ensureIndexes) and the platform operator, an Administrator of the default tenant.
  await prepareDatabase(store, createPasswordHasher({ memoryCost: 256, timeCost: 1 }), admin)
  const info = await databaseInfo(db)
  console.log(`Database: ${info.label} (${database.kind}), ${keepDb ? 'kept' : 'scratch'} database ${dbName}${reused ? `, reusing its ${count(records)} seeded rows` : ''}`)
  const tenantId = defaultTenantId

  // A second tenant's rows, all newer than the first tenant's: a list that
  // ignored the tenant would show them first, and the checks would fail.
  const otherTenantStart = start + (records + 2 * 86_400) * 1_000
  if (!reused) await seed(store, 'ten_bench_other', otherTenantStart, 0, otherTenantRecords)

  const benchApi = await startBenchApi(db, admin)
  closeApi = benchApi.close
  console.log(`API on ${benchApi.baseUrl}, signed in as a Manager`)

  const scaling: { records: number; insertSeconds: number; rowsPerSecond: number; latency: LatencySummary }[] = []
  const finalTimings: { name: string; samplesMs: number[]; latency: LatencySummary }[] = []
  let seeded = reused ? records : 0
  for (const size of reused ? [records] : checkpoints) {
    const insertStarted = performance.now()
    if (size === seeded) console.log(`${count(size)} rows in the log, seeded by an earlier run`)
    else await seedCheckpoint(store, db, tenantId, seeded, size, insertStarted)
    const insertSeconds = (performance.now() - insertStarted) / 1000
    const rowsPerSecond = Math.round((size - seeded) / insertSeconds)
    if (size > seeded) console.log(`${count(size - seeded)} rows inserted in ${insertSeconds.toFixed(1)} s (${count(rowsPerSecond)} rows/s); ${count(size)} in the log`)
    if (keepDb !== undefined && size === records && !reused) await writeSeedMark(db, layoutMark)
    seeded = size

    const isFinal = size === records
    const first = await timeShape(benchApi, firstPageShape(layout(size)), isFinal ? samples : scaleSamples, warmup)
    const latency = summarize(first.samplesMs)
    scaling.push({ records: size, insertSeconds: round(insertSeconds, 2), rowsPerSecond, latency })
    if (!isFinal) continue

    finalTimings.push({ name: firstPageShape(layout(size)).name, samplesMs: first.samplesMs, latency })
    const cursor = first.lastPage.nextCursor!
    for (const shape of queryShapes(layout(size), cursor).slice(1)) {
      const timing = await timeShape(benchApi, shape, samples, warmup)
      finalTimings.push({ name: shape.name, samplesMs: timing.samplesMs, latency: summarize(timing.samplesMs) })
    }

    // Plans last, so explain does not warm anything before the timings.
    const explained: ExplainedShape[] = []
    for (const shape of queryShapes(layout(size), cursor)) {
      sentFinds.length = 0
      await timeShape(benchApi, shape, 1, 0)
      explained.push(await explainShape(db, shape, [...sentFinds], info.isFerretDb))
    }

    printTable(
      `First page, no filter, as the log grows (${info.label})`,
      scaling.map((row) => ({
        records: count(row.records),
        samples: row.latency.samples,
        'p50 (ms)': row.latency.p50Ms,
        'p95 (ms)': row.latency.p95Ms,
        'max (ms)': row.latency.maxMs,
        'p50 per 100k rows (ms)': round((row.latency.p50Ms / row.records) * 100_000, 2),
      })),
    )
    printTable(
      `GET /api/v1/logs at ${count(size)} records (+${count(otherTenantRecords)} of another tenant), limit 50`,
      finalTimings.map((row) => ({
        query: row.name,
        samples: row.latency.samples,
        'p50 (ms)': row.latency.p50Ms,
        'p95 (ms)': row.latency.p95Ms,
        'max (ms)': row.latency.maxMs,
      })),
    )
    console.log(`\nPlans (explain, ${info.isFerretDb ? 'as FerretDB returns it' : 'winning plan'}):`)
    for (const plan of explained) console.log(`  ${plan.name}: ${plan.summary}`)

    const allSamples = finalTimings.flatMap((row) => row.samplesMs)
    const overallP95 = round(percentile(allSamples, 0.95))
    console.log('')
    // The dashboard's logs page opens with this request: usable on any server at 10,000 deliveries.
    const atTenThousand = scaling.find((row) => row.records === 10_000)
    printChecks([
      ...(atTenThousand
        ? [
            check(
              'the logs page’s first request ≤ 1 s at 10,000 deliveries (p95)',
              `p50 ${atTenThousand.latency.p50Ms} ms, p95 ${atTenThousand.latency.p95Ms} ms over ${atTenThousand.latency.samples} requests (${info.label})`,
              atTenThousand.latency.p95Ms <= 1_000,
            ),
          ]
        : []),
      check(
        `logs query p95 ≤ ${targetMs} ms at ${count(size)} records`,
        `p95 ${overallP95} ms over ${allSamples.length} requests of ${finalTimings.length} query shapes (${info.label})`,
        overallP95 <= targetMs,
      ),
    ])

    const report = {
      benchmark: 'log-query',
      at: new Date().toISOString(),
      database: { kind: database.kind, label: info.label, version: info.buildInfo.version, ferretdbVersion: info.buildInfo.ferretdbVersion ?? null },
      node: process.version,
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 1e9) },
      options: { records, samples, scaleSamples, warmup, otherTenantRecords, batch, checkpoints, bulkLoad: values['bulk-load'] },
      target: { p95Ms: targetMs, measuredP95Ms: overallP95, pass: overallP95 <= targetMs },
      scaling,
      queries: finalTimings,
      plans: explained,
    }
    await mkdir(dirname(values.out), { recursive: true })
    await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`)
    console.log(`Wrote ${values.out}`)
  }
} finally {
  await closeApi()
  if (keepDb === undefined) await db.dropDatabase().catch(() => undefined)
  await client.close()
  await database.stop()
}
