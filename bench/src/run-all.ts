// `pnpm bench`: builds, then runs every benchmark one after the other (never
// two at once: they would measure each other), echoing each one's output,
// and ends with every PASS/MISS line in one list. Each benchmark still
// writes its own JSON; rerun one alone with the command in docs/BENCHMARKS.md.
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    'log-records': { type: 'string', default: '1000000' },
  },
})

interface Benchmark {
  name: string
  command: string[]
}

const benchmarks: Benchmark[] = [
  { name: 'raw-ceiling', command: ['pnpm', '--filter', '@hookline/bench', 'raw-ceiling'] },
  { name: 'end-to-end', command: ['pnpm', '--filter', '@hookline/bench', 'end-to-end'] },
  { name: 'steady-latency', command: ['pnpm', '--filter', '@hookline/bench', 'steady-latency'] },
  { name: 'ingest', command: ['pnpm', '--filter', '@hookline/bench', 'ingest'] },
  { name: 'retry-timing', command: ['pnpm', '--filter', '@hookline/bench', 'retry-timing'] },
  { name: 'exports', command: ['pnpm', '--filter', '@hookline/api', 'bench:exports'] },
  { name: 'logs', command: ['pnpm', '--filter', '@hookline/api', 'bench:logs', '--records', values['log-records']!] },
]

const chosen = values.only ? benchmarks.filter((benchmark) => values.only!.split(',').includes(benchmark.name)) : benchmarks
if (chosen.length === 0) {
  console.error(`--only names none of: ${benchmarks.map((benchmark) => benchmark.name).join(', ')}`)
  process.exit(2)
}

/** Runs a command with its output echoed; resolves with its exit code and the output. */
function run(command: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk)
      output += chunk.toString('utf8')
    })
    child.once('error', reject)
    child.once('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }))
  })
}

const build = await run(['pnpm', 'exec', 'turbo', 'run', 'build', '--output-logs=errors-only'])
if (build.code !== 0) process.exit(build.code)

const summary: string[] = []
for (const benchmark of chosen) {
  console.log(`\n=== ${benchmark.name}: ${benchmark.command.join(' ')}`)
  const startedAt = Date.now()
  const { code, output } = await run(benchmark.command)
  const verdicts = output.split('\n').filter((line) => /^(PASS|MISS)\s/.test(line))
  const took = `${Math.round((Date.now() - startedAt) / 1000)} s`
  if (code !== 0) summary.push(`FAIL  ${benchmark.name} exited with code ${code} after ${took}`)
  summary.push(...verdicts.map((line) => `${line}  [${benchmark.name}]`))
  if (verdicts.length === 0 && code === 0) summary.push(`INFO  ${benchmark.name}: no target of its own (${took})`)
}

console.log('\n=== Summary')
for (const line of summary) console.log(line)
process.exit(summary.some((line) => line.startsWith('FAIL')) ? 1 : 0)
