// The API process refuses a bad configuration before it connects or
// listens: non-zero exit, one line per problem naming the variable.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const packageDir = fileURLToPath(new URL('..', import.meta.url))

function runMain(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@hookline/source', 'src/main.ts'], {
    cwd: packageDir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  // Bounded: compiling the sources through tsx takes seconds, more on a busy machine.
  const timer = setTimeout(() => child.kill('SIGKILL'), 80_000)
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    }),
  )
}

describe('the API process', () => {
  it('exits 1 on a bad duration, naming the variable and the accepted form, without listening', async () => {
    const { code, output } = await runMain({ MONGODB_URI: 'mongodb://127.0.0.1:1/hookline', PORT: '0', HOOKLINE_TOKEN_TTL: '8 hours' })
    expect(code).toBe(1)
    expect(output).toContain('HOOKLINE_TOKEN_TTL must be a duration such as 500ms, 15s, 5m, 8h or 1d (a plain number is seconds)')
    expect(output).not.toContain('listening')
  }, 90_000)

  it('exits 1 without MONGODB_URI: it never starts a database itself', async () => {
    const { code, output } = await runMain({ PORT: '0' })
    expect(code).toBe(1)
    expect(output).toContain('MONGODB_URI is required')
    expect(output).not.toContain('listening')
  }, 90_000)
})
