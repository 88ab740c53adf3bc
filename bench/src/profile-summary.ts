// Where a service's CPU went, from the V8 profile BENCH_CPU_PROF makes it
// write: busy time by package (the MongoDB driver, bson, undici, Hookline's
// own packages, Node's internals, the garbage collector) and by function, as
// self time (on top of the stack) and total time (anywhere on it). Idle time
// is left out, so the shares are of busy CPU. `--from`/`--to` keep only the
// samples of a benchmark's measured window (microseconds of the monotonic
// clock; end-to-end and ingest print theirs when BENCH_CPU_PROF is set).
//
//   pnpm --filter @hookline/bench profile-summary <file.cpuprofile> [--top 25] [--from µs --to µs]
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { breakDownProfile, type CpuProfile } from './lib/cpu-profile.ts'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' }, from: { type: 'string' }, to: { type: 'string' } },
})
const file = positionals[0]
if (!file) {
  console.error('usage: profile-summary <file.cpuprofile> [--top N] [--from µs --to µs]')
  process.exit(2)
}
const top = Number(values.top)
const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile
const window =
  values.from !== undefined || values.to !== undefined
    ? { fromMicros: Number(values.from ?? -Infinity), toMicros: Number(values.to ?? Infinity) }
    : undefined
const breakdown = breakDownProfile(profile, window)
const busy = breakdown.busyMicros

function print(title: string, counts: Map<string, number>, limit: number): void {
  console.log(`\n${title}`)
  for (const [name, micros] of [...counts].sort(([, a], [, b]) => b - a).slice(0, limit)) {
    console.log(`${(micros / 1000).toFixed(0).padStart(8)} ms  ${((100 * micros) / busy).toFixed(1).padStart(5)} %  ${name}`)
  }
}

const span = window ? `, window of ${(breakdown.spanMicros / 1000).toFixed(0)} ms` : ''
console.log(`${file}: busy ${(busy / 1000).toFixed(0)} ms (idle left out${span})`)
print('Self time by package', breakdown.selfByPackage, top)
print('Total time by package (anywhere on the stack)', breakdown.totalByPackage, top)
print('Self time by function', breakdown.selfByFunction, top)
print('Total time by function (anywhere on the stack)', breakdown.totalByFunction, top)
