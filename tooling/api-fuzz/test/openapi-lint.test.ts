import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApiProcess, type ApiProcess } from '../src/api-process.ts'
import { ensurePythonTools, type PythonTools } from '../src/schemathesis.ts'

// The document the running API serves, checked by two independent linters:
// Redocly's recommended rules (0 errors, 0 warnings) and openapi-spec-validator.
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const repoRoot = join(packageDir, '..', '..')

let api: ApiProcess
let tools: PythonTools
let workDir: string
let documentPath: string

function capture(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: packageDir, env: { ...process.env, NO_COLOR: '1', REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('error', (cause) => reject(new Error(`could not run ${command}`, { cause })))
    child.once('exit', (code) => resolve({ code, output }))
  })
}

beforeAll(async () => {
  tools = await ensurePythonTools(join(packageDir, '.venv'))
  api = await startApiProcess(repoRoot, {
    MONGODB_URI: `${process.env.MONGODB_URI!.replace(/\/?$/, '/')}openapi_lint_${randomBytes(4).toString('hex')}`,
    HOOKLINE_ADMIN_PASSWORD: randomBytes(12).toString('base64url'),
  })
  workDir = await mkdtemp(join(tmpdir(), 'hookline-openapi-'))
  documentPath = join(workDir, 'openapi.json')
  const response = await fetch(`${api.baseUrl}/api/v1/openapi.json`)
  expect(response.status).toBe(200)
  await writeFile(documentPath, await response.text())
}, 600_000)

afterAll(async () => {
  await api?.stop()
  if (workDir) await rm(workDir, { recursive: true, force: true })
})

describe('the served OpenAPI document', () => {
  it('passes `redocly lint` with the recommended rules: 0 errors, 0 warnings', async () => {
    const redocly = join(packageDir, 'node_modules', '.bin', 'redocly')
    const result = await capture(redocly, ['lint', documentPath, '--config', join(packageDir, 'redocly.yaml'), '--format', 'stylish'])
    expect(result.output).toContain('Your API description is valid')
    expect(result.output).not.toMatch(/\b(error|warning)\s{2,}/)
    expect(result.code).toBe(0)
  }, 120_000)

  it('passes openapi-spec-validator', async () => {
    const result = await capture(tools.openApiSpecValidator, [documentPath])
    expect(result.output.trim()).toBe(`${documentPath}: OK`)
    expect(result.code).toBe(0)
  }, 120_000)
})
