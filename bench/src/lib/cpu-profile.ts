// Busy CPU of a V8 .cpuprofile (what `--cpu-prof` writes), by package and by
// function, as self time (the frame on top of the stack) and as total time
// (the frame anywhere on the stack), optionally only within a window of the
// monotonic clock: V8 stamps samples in microseconds of the same clock as
// `process.hrtime`, so a benchmark can name its measured window and the
// start-up's module loading stays out of the figures.

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

export interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
  endTime: number
}

/** Microseconds of the monotonic clock (`process.hrtime`), both ends included. */
export interface ProfileWindow {
  fromMicros: number
  toMicros: number
}

export interface ProfileBreakdown {
  /** Busy microseconds in the window (idle left out). */
  busyMicros: number
  /** Microseconds the window covers in the profile (busy and idle). */
  spanMicros: number
  selfByPackage: Map<string, number>
  totalByPackage: Map<string, number>
  selfByFunction: Map<string, number>
  totalByFunction: Map<string, number>
}

/** The monotonic-clock microseconds now, on the clock a profile's samples use. */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n)
}

export function breakDownProfile(profile: CpuProfile, window?: ProfileWindow): ProfileBreakdown {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
  const parents = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id)

  // Each sample's delta is the time since the previous one: it belongs to the sample's node.
  const selfMicros = new Map<number, number>()
  let at = profile.startTime
  let spanMicros = 0
  profile.samples.forEach((nodeId, index) => {
    const delta = profile.timeDeltas[index] ?? 0
    at += delta
    if (window && (at < window.fromMicros || at > window.toMicros)) return
    spanMicros += delta
    selfMicros.set(nodeId, (selfMicros.get(nodeId) ?? 0) + delta)
  })

  const breakdown: ProfileBreakdown = {
    busyMicros: 0,
    spanMicros,
    selfByPackage: new Map(),
    totalByPackage: new Map(),
    selfByFunction: new Map(),
    totalByFunction: new Map(),
  }
  const add = (counts: Map<string, number>, key: string, micros: number) => counts.set(key, (counts.get(key) ?? 0) + micros)
  for (const [nodeId, micros] of selfMicros) {
    const frame = nodes.get(nodeId)!.callFrame
    if (frame.functionName === '(idle)') continue
    breakdown.busyMicros += micros
    add(breakdown.selfByPackage, packageOf(frame.url, frame.functionName), micros)
    add(breakdown.selfByFunction, functionKey(frame), micros)
    // Total time: once per package and function on the stack, however often recursion repeats it.
    const packages = new Set<string>()
    const functions = new Set<string>()
    for (let id: number | undefined = nodeId; id !== undefined; id = parents.get(id)) {
      const onStack = nodes.get(id)!.callFrame
      if (onStack.functionName === '(root)') continue
      packages.add(packageOf(onStack.url, onStack.functionName))
      functions.add(functionKey(onStack))
    }
    for (const name of packages) add(breakdown.totalByPackage, name, micros)
    for (const name of functions) add(breakdown.totalByFunction, name, micros)
  }
  return breakdown
}

function functionKey(frame: ProfileNode['callFrame']): string {
  return `${frame.functionName || '(anonymous)'}  ${shortUrl(frame.url)}:${frame.lineNumber + 1}`
}

/** node_modules/<package> (scoped too), a workspace folder, Node's own code, or V8's pseudo-frames. */
export function packageOf(url: string, functionName: string): string {
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
