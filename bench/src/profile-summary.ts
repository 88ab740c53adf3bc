// Where a service's CPU went, from the V8 profile BENCH_CPU_PROF makes it
// write: self time by package (the MongoDB driver, bson, undici, Hookline's
// own packages, Node's internals, the garbage collector) and the busiest
// functions. Idle time is left out, so the shares are of busy CPU.
//
//   pnpm --filter @hookline/bench profile-summary <file.cpuprofile> [--top 25]
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } })
const file = positionals[0]
if (!file) {
  console.error('usage: profile-summary <file.cpuprofile> [--top N]')
  process.exit(2)
}
const top = Number(values.top)
const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile

const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
const selfMicros = new Map<number, number>()
// Each sample's delta is the time since the previous one: it belongs to the sample's node.
profile.samples.forEach((nodeId, index) => selfMicros.set(nodeId, (selfMicros.get(nodeId) ?? 0) + (profile.timeDeltas[index] ?? 0)))

const byPackage = new Map<string, number>()
const byFunction = new Map<string, number>()
let busy = 0
for (const [nodeId, micros] of selfMicros) {
  const frame = nodes.get(nodeId)!.callFrame
  if (frame.functionName === '(idle)') continue
  busy += micros
  const owner = packageOf(frame.url, frame.functionName)
  byPackage.set(owner, (byPackage.get(owner) ?? 0) + micros)
  const name = `${frame.functionName || '(anonymous)'}  ${shortUrl(frame.url)}:${frame.lineNumber + 1}`
  byFunction.set(name, (byFunction.get(name) ?? 0) + micros)
}

/** node_modules/<package> (scoped too), a workspace folder, Node's own code, or V8's pseudo-frames. */
function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)'
  if (url.startsWith('node:')) return 'node internals'
  const modules = url.lastIndexOf('/node_modules/')
  if (modules >= 0) {
    const [first, second] = url.slice(modules + '/node_modules/'.length).split('/')
    return first!.startsWith('@') ? `${first}/${second}` : first!
  }
  const workspace = /\/(apps|packages|bench|tooling)\/([^/]+)\//.exec(url)
  return workspace ? `hookline ${workspace[1]}/${workspace[2]}` : url
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('/node_modules/')
  if (modules >= 0) return url.slice(modules + '/node_modules/'.length)
  const workspace = /\/((apps|packages|bench|tooling)\/.*)$/.exec(url)
  return workspace ? workspace[1]! : url
}

function print(title: string, counts: Map<string, number>, limit: number): void {
  console.log(`\n${title}`)
  for (const [name, micros] of [...counts].sort(([, a], [, b]) => b - a).slice(0, limit)) {
    console.log(`${(micros / 1000).toFixed(0).padStart(8)} ms  ${((100 * micros) / busy).toFixed(1).padStart(5)} %  ${name}`)
  }
}

console.log(`${file}: busy ${(busy / 1000).toFixed(0)} ms (idle left out)`)
print('Self time by package', byPackage, top)
print('Self time by function', byFunction, top)
