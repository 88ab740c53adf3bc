// Runs a package's Deno suite (`test/deno/`) from that package's folder:
//   node ../core/scripts/run-deno-tests.mjs <report-name>
// With HOOKLINE_TEST_REPORT_DIR set, Deno writes a JUnit report there for the
// root test summary.
//
// Deno is started from the OS temp folder rather than the package: when Deno
// fails to resolve a module and finds a pnpm-workspace.yaml in its working
// directory or above, it rewrites the repository's root package.json
// ("migrating" the workspace). Outside the repository there is none to find.
import { spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const packageDir = process.cwd()
const reportName = process.argv[2] ?? 'deno'
const args = ['test', `--config=${join(packageDir, 'deno.json')}`]
const reportDir = process.env.HOOKLINE_TEST_REPORT_DIR
if (reportDir) args.push(`--junit-path=${resolve(reportDir, `${reportName}-deno.xml`)}`)
args.push(join(packageDir, 'test', 'deno'))

const result = spawnSync('deno', args, { cwd: tmpdir(), stdio: 'inherit' })
if (result.error) {
  console.error(`Could not start deno (it is a root devDependency; run pnpm install): ${result.error.message}`)
}
process.exit(result.status ?? 1)
