// What Hookline itself costs, read from its own processes: the database
// commands each sent (by name, with their bytes) and the CPU each used, from
// the API's and every worker's /metrics, plus the CPU of the database
// server's whole process tree from /proc when we started it. Two snapshots
// around a measured window, divided by the work done in it, give the cost
// per 1,000 deliveries or events.
import { round } from '@hookline/bench-report'
import { processTreeCpuSeconds } from '@hookline/dev-db'
import { collectionNames } from '@hookline/store'
import { monotonicMicros } from './cpu-profile.ts'
import type { RunningSystem } from './system.ts'

/** One process's counters at one instant. */
export interface ProcessCounters {
  commands: Record<string, number>
  /** The same commands by the collection they named (`(server)` for none). */
  commandsByCollection: Record<string, number>
  sentBytes: number
  receivedBytes: number
  cpuSeconds: number
}

export interface CostSnapshot {
  api: ProcessCounters
  /** Every worker process summed. */
  worker: ProcessCounters
  /** CPU seconds of the database server and every process under it (PostgreSQL's backends for FerretDB 2); undefined when not ours or not on Linux. */
  databaseCpuSeconds: number | undefined
  /** When it was taken, in microseconds of the clock CPU profiles stamp their samples with. */
  takenAtMicros: number
}

/** The collection key of commands that named none (ping, hello, …). */
const serverCollection = '(server)'

const doorbell = (counters: ProcessCounters) => counters.commandsByCollection[collectionNames.agendaDoorbell] ?? 0

/** The counters of one Prometheus text exposition (`prefix` names the process metrics: hookline_api_ or hookline_worker_). */
export function parseCounters(text: string, prefix: string): ProcessCounters {
  const commands: Record<string, number> = {}
  const commandsByCollection: Record<string, number> = {}
  for (const match of text.matchAll(/^hookline_database_commands_total\{command="([^"]+)",outcome="[^"]+",collection="([^"]*)"\} (\S+)$/gm)) {
    const count = Number(match[3])
    const collection = match[2] || serverCollection
    commands[match[1]!] = (commands[match[1]!] ?? 0) + count
    commandsByCollection[collection] = (commandsByCollection[collection] ?? 0) + count
  }
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0)
  return {
    commands,
    commandsByCollection,
    sentBytes: value('hookline_database_sent_bytes_total'),
    receivedBytes: value('hookline_database_received_bytes_total'),
    cpuSeconds: value(`${prefix}process_cpu_seconds_total`),
  }
}

function sum(counters: ProcessCounters[]): ProcessCounters {
  const total: ProcessCounters = { commands: {}, commandsByCollection: {}, sentBytes: 0, receivedBytes: 0, cpuSeconds: 0 }
  for (const one of counters) {
    for (const [name, count] of Object.entries(one.commands)) total.commands[name] = (total.commands[name] ?? 0) + count
    for (const [name, count] of Object.entries(one.commandsByCollection)) total.commandsByCollection[name] = (total.commandsByCollection[name] ?? 0) + count
    total.sentBytes += one.sentBytes
    total.receivedBytes += one.receivedBytes
    total.cpuSeconds += one.cpuSeconds
  }
  return total
}

async function scrape(url: string, prefix: string): Promise<ProcessCounters> {
  const response = await fetch(`${url}/metrics`)
  if (!response.ok) throw new Error(`${url}/metrics answered ${response.status}`)
  return parseCounters(await response.text(), prefix)
}

/**
 * Both processes' counters now. Reading the API's /metrics costs one database
 * command of its own (the pending gauge's count): one per snapshot.
 */
export async function costSnapshot(system: RunningSystem): Promise<CostSnapshot> {
  const [api, workers, databaseCpuSeconds] = await Promise.all([
    scrape(system.baseUrl, 'hookline_api_'),
    Promise.all(system.workerUrls.map((url) => scrape(url, 'hookline_worker_'))),
    system.database.pid === undefined ? Promise.resolve(undefined) : processTreeCpuSeconds(system.database.pid),
  ])
  return { api, worker: sum(workers), databaseCpuSeconds, takenAtMicros: monotonicMicros() }
}

function countsDifference(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const [name, count] of Object.entries(after)) {
    const delta = count - (before[name] ?? 0)
    if (delta > 0) counts[name] = delta
  }
  return counts
}

function difference(after: ProcessCounters, before: ProcessCounters): ProcessCounters {
  return {
    commands: countsDifference(after.commands, before.commands),
    commandsByCollection: countsDifference(after.commandsByCollection, before.commandsByCollection),
    sentBytes: after.sentBytes - before.sentBytes,
    receivedBytes: after.receivedBytes - before.receivedBytes,
    cpuSeconds: after.cpuSeconds - before.cpuSeconds,
  }
}

/** What one measured window cost, per 1,000 units of work (deliveries or events). */
export interface UnitCost {
  unit: string
  units: number
  /** Commands per 1,000 units, by process and name. */
  apiCommands: Record<string, number>
  workerCommands: Record<string, number>
  /** The same per 1,000 units, by the collection named. */
  apiCollections: Record<string, number>
  workerCollections: Record<string, number>
  commandsPer1000: { api: number; worker: number; total: number }
  /**
   * Both processes' commands per 1,000 units without the job doorbell's: the
   * ring on publish and the listeners' polls exist only on servers without
   * tailable cursors (FerretDB); on MongoDB the workers tail the notification
   * collection instead (about one getMore per wake-up, counted there).
   */
  withoutDoorbellPer1000: number
  /** KiB per 1,000 units, both processes. */
  sentKiBPer1000: number
  receivedKiBPer1000: number
  /** CPU milliseconds per 1,000 units. */
  apiCpuMsPer1000: number
  workerCpuMsPer1000: number
  databaseCpuMsPer1000: number | undefined
  /** The window between the two snapshots, for `profile-summary --from --to`. */
  window: { fromMicros: number; toMicros: number }
}

export function costPer1000(before: CostSnapshot, after: CostSnapshot, unit: string, units: number): UnitCost {
  const api = difference(after.api, before.api)
  const worker = difference(after.worker, before.worker)
  const per1000 = (value: number) => (1000 * value) / units
  const scaled = (commands: Record<string, number>) => Object.fromEntries(Object.entries(commands).map(([name, count]) => [name, round(per1000(count), 1)]))
  const apiTotal = Object.values(api.commands).reduce((total, count) => total + count, 0)
  const workerTotal = Object.values(worker.commands).reduce((total, count) => total + count, 0)
  const databaseCpu =
    after.databaseCpuSeconds !== undefined && before.databaseCpuSeconds !== undefined ? after.databaseCpuSeconds - before.databaseCpuSeconds : undefined
  return {
    unit,
    units,
    apiCommands: scaled(api.commands),
    workerCommands: scaled(worker.commands),
    apiCollections: scaled(api.commandsByCollection),
    workerCollections: scaled(worker.commandsByCollection),
    commandsPer1000: { api: round(per1000(apiTotal), 1), worker: round(per1000(workerTotal), 1), total: round(per1000(apiTotal + workerTotal), 1) },
    withoutDoorbellPer1000: round(per1000(apiTotal + workerTotal - doorbell(api) - doorbell(worker)), 1),
    sentKiBPer1000: round(per1000(api.sentBytes + worker.sentBytes) / 1024, 1),
    receivedKiBPer1000: round(per1000(api.receivedBytes + worker.receivedBytes) / 1024, 1),
    apiCpuMsPer1000: round(per1000(api.cpuSeconds * 1000), 0),
    workerCpuMsPer1000: round(per1000(worker.cpuSeconds * 1000), 0),
    databaseCpuMsPer1000: databaseCpu === undefined ? undefined : round(per1000(databaseCpu * 1000), 0),
    window: { fromMicros: before.takenAtMicros, toMicros: after.takenAtMicros },
  }
}

const byCount = (commands: Record<string, number>) =>
  Object.entries(commands)
    .sort(([, a], [, b]) => b - a)
    .map(([name, count]) => `${name} ${count}`)
    .join(', ') || 'none'

/** The cost as printed lines (a heading, then one line per figure). */
export function printCost(title: string, cost: UnitCost): void {
  console.log(`\n${title} — per 1,000 ${cost.unit} (${cost.units} ${cost.unit} measured)`)
  console.log(`  database commands: ${cost.commandsPer1000.total} (API ${cost.commandsPer1000.api}, worker ${cost.commandsPer1000.worker})`)
  console.log(`    API:    ${byCount(cost.apiCommands)}`)
  console.log(`    worker: ${byCount(cost.workerCommands)}`)
  console.log(`    by collection, API: ${byCount(cost.apiCollections)}`)
  console.log(`    by collection, worker: ${byCount(cost.workerCollections)}`)
  console.log(`  without the job doorbell (${collectionNames.agendaDoorbell}; polled only where the server has no tailable cursors): ${cost.withoutDoorbellPer1000}`)
  console.log(`  bytes to the database ${cost.sentKiBPer1000} KiB, from it ${cost.receivedKiBPer1000} KiB (commands as written to the wire, replies as BSON)`)
  const database = cost.databaseCpuMsPer1000 === undefined ? 'not measured (not our server)' : `${cost.databaseCpuMsPer1000} ms`
  console.log(`  CPU: API ${cost.apiCpuMsPer1000} ms, worker ${cost.workerCpuMsPer1000} ms, database server ${database}`)
  if (process.env.BENCH_CPU_PROF) console.log(`  CPU profiles of this window: profile-summary <file> --from ${cost.window.fromMicros} --to ${cost.window.toMicros}`)
}
