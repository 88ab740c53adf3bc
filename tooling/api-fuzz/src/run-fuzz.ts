// Fuzzes the running API from its own OpenAPI document with Schemathesis,
// signed in as a Manager (the role that owns webhook applications): no 5xx,
// every error a problem document, every response as the document declares.
import { randomBytes } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startDevDatabase } from '@hookline/dev-db'
import { startApiProcess } from './api-process.ts'
import { ensureSchemathesis, run } from './schemathesis.ts'
import { signInAsNewManager } from './sign-in.ts'

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const repoRoot = join(packageDir, '..', '..')
const maxExamples = process.env.HOOKLINE_FUZZ_EXAMPLES ?? '15'

const st = await ensureSchemathesis(join(packageDir, '.venv'))
const database = await startDevDatabase()
const databaseName = `fuzz_${randomBytes(4).toString('hex')}`
const admin = { email: 'fuzz-admin@hookline.test', password: randomBytes(12).toString('base64url') }
const api = await startApiProcess(repoRoot, {
  MONGODB_URI: `${database.uri.replace(/\/?$/, '/')}${databaseName}`,
  HOOKLINE_ADMIN_EMAIL: admin.email,
  HOOKLINE_ADMIN_PASSWORD: admin.password,
  HOOKLINE_RATE_LIMIT: 'off',
  HOOKLINE_ENDPOINT_ALLOWLIST: '127.0.0.0/8,::1/128',
  HOOKLINE_ALLOW_HTTP: 'true',
})

let exitCode = 0
try {
  const token = await signInAsNewManager(api.baseUrl, admin)
  const reportDir = process.env.HOOKLINE_TEST_REPORT_DIR ?? join(repoRoot, 'artifacts', 'fuzz')
  await mkdir(reportDir, { recursive: true })
  await run(
    st,
    [
      'run',
      `${api.baseUrl}/api/v1/openapi.json`,
      '--header', `Authorization: Bearer ${token}`,
      // Signing out would end the one session every other operation runs with (its own tests are in the API suite).
      '--exclude-operation-id', 'logout',
      '--checks', 'not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,problem_details_for_errors',
      '--phases', 'examples,coverage,fuzzing',
      '--max-examples', maxExamples,
      '--seed', process.env.HOOKLINE_FUZZ_SEED ?? '20261126',
      '--workers', '2',
      '--request-timeout', '15',
      '--report', 'junit',
      '--report-junit-path', join(reportDir, 'api-fuzz-schemathesis.xml'),
      '--warnings', 'off',
    ],
    {
      ...process.env,
      SCHEMATHESIS_HOOKS: 'hookline_checks',
      PYTHONPATH: join(packageDir, 'hooks'),
    },
  )
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  exitCode = 1
} finally {
  await api.stop()
  await database.stop()
}
process.exit(exitCode)
