// The README's test command: one local database for the whole run, then every
// package's build, typecheck, lint and test suites through turbo, then one
// summary line for the repository.
import { spawn } from 'node:child_process'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { documentDbAvailability, startDevDatabase } from '@hookline/dev-db'
import { repoRoot } from './repo-root.ts'
import { addSummaries, summarizeReports } from './test-summary.ts'

// Debian packages the suites need (a real Chromium for the browser tests).
if ((await run('bash', [join(repoRoot, 'tooling/scripts/install-system-packages.sh')], {})) !== 0) process.exit(1)

const reportDir = join(repoRoot, 'artifacts', 'test-results')
await rm(reportDir, { recursive: true, force: true })
await mkdir(reportDir, { recursive: true })

const database = await startDevDatabase()
console.log(`Test database: ${database.engine} at ${database.uri} — ${database.reason}`)

const tasks = ['build', 'typecheck', 'lint', 'test', 'test:deno', 'test:e2e', 'test:fuzz', 'test:faults']
const mainExit = await run('turbo', ['run', ...tasks, '--concurrency=3', '--continue', ...process.argv.slice(2)], {
  MONGODB_URI: database.uri,
  HOOKLINE_TEST_REPORT_DIR: reportDir,
})
await database.stop()

// The second lane: the store and worker suites once more on the other
// bundled engine — on FerretDB 1.24/SQLite when the main run was on
// DocumentDB (the fallback must keep working), on DocumentDB when the main run
// was on SQLite and DocumentDB can be built here. None on MONGODB_URI/mongod.
const laneDir = join(repoRoot, 'artifacts', 'test-results-second-engine')
await rm(laneDir, { recursive: true, force: true })
const laneKind = database.kind === 'documentdb' ? 'ferretdb' : database.kind === 'ferretdb' && (await documentDbAvailability(console.log)).ok ? 'documentdb' : undefined
let laneExit = 0
if (laneKind) {
  await mkdir(laneDir, { recursive: true })
  const lane = await startDevDatabase({ force: laneKind })
  console.log(`\nSecond lane: @hookline/store and @hookline/worker on ${lane.engine} at ${lane.uri}`)
  laneExit = await run(
    'turbo',
    ['run', 'test', '--filter=@hookline/store', '--filter=@hookline/worker', '--force', '--concurrency=2', '--continue'],
    { MONGODB_URI: lane.uri, HOOKLINE_TEST_REPORT_DIR: laneDir },
  )
  await lane.stop()
}
const exitCode = mainExit !== 0 ? mainExit : laneExit

const summary = addSummaries(await summarizeReports(reportDir), laneKind ? await summarizeReports(laneDir) : undefined)
console.log(`\n${summary.line}`)
if (summary.total === 0) {
  console.error('No test ran: that is a failure of the test command itself.')
  process.exit(1)
}
process.exit(exitCode !== 0 || summary.failed > 0 ? 1 : 0)

function run(command: string, args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, ...env } })
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}
