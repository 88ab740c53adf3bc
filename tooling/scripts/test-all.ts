// The README's test command: one local database for the whole run, then every
// package's build, typecheck, lint and test suites through turbo, then one
// summary line for the repository.
import { spawn } from 'node:child_process'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { startDevDatabase } from '@hookline/dev-db'
import { repoRoot } from './repo-root.ts'
import { summarizeReports } from './test-summary.ts'

// Debian packages the suites need (a real Chromium for the browser tests).
if ((await run('bash', [join(repoRoot, 'tooling/scripts/install-system-packages.sh')], {})) !== 0) process.exit(1)

const reportDir = join(repoRoot, 'artifacts', 'test-results')
await rm(reportDir, { recursive: true, force: true })
await mkdir(reportDir, { recursive: true })

const database = await startDevDatabase()
console.log(`Test database: ${database.engine} at ${database.uri} — ${database.reason}`)

const tasks = ['build', 'typecheck', 'lint', 'test', 'test:deno', 'test:e2e', 'test:fuzz', 'test:faults']
const exitCode = await run('turbo', ['run', ...tasks, '--concurrency=3', '--continue', ...process.argv.slice(2)], {
  MONGODB_URI: database.uri,
  HOOKLINE_TEST_REPORT_DIR: reportDir,
})
await database.stop()

const summary = await summarizeReports(reportDir)
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
