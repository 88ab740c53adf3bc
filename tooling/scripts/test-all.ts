// The README's test command: one local database for the whole run, then every
// package's build, typecheck, lint and test suites through turbo, then one
// summary line for the repository.
import { spawn } from 'node:child_process'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { startDevDatabase } from '@hookline/dev-db'
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

// The fallback lane: the store and worker suites once more on FerretDB 1.24
// (SQLite), the engine a machine without DocumentDB gets. Skipped when the
// main run already was on it, or on a server named by MONGODB_URI / mongod.
const fallbackDir = join(repoRoot, 'artifacts', 'test-results-ferretdb')
let fallbackExit = 0
await rm(fallbackDir, { recursive: true, force: true })
if (database.kind === 'documentdb') {
  await mkdir(fallbackDir, { recursive: true })
  const fallback = await startDevDatabase({ force: 'ferretdb' })
  console.log(`\nFallback lane: @hookline/store and @hookline/worker on ${fallback.engine} at ${fallback.uri}`)
  fallbackExit = await run(
    'turbo',
    ['run', 'test', '--filter=@hookline/store', '--filter=@hookline/worker', '--force', '--concurrency=2', '--continue'],
    { MONGODB_URI: fallback.uri, HOOKLINE_TEST_REPORT_DIR: fallbackDir },
  )
  await fallback.stop()
}
const exitCode = mainExit !== 0 ? mainExit : fallbackExit

const summary = addSummaries(await summarizeReports(reportDir), database.kind === 'documentdb' ? await summarizeReports(fallbackDir) : undefined)
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
