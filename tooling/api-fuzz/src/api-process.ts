import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { freePort } from '@hookline/dev-db'

export interface ApiProcess {
  baseUrl: string
  stop(): Promise<void>
}

/** Starts the built API (`apps/api/dist/main.js`) as production would run it. */
export async function startApiProcess(repoRoot: string, env: Record<string, string>): Promise<ApiProcess> {
  const port = await freePort()
  const child = spawn(process.execPath, [join(repoRoot, 'apps/api/dist/main.js')], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      HOOKLINE_SECRET_KEY: randomBytes(32).toString('base64'),
      HOOKLINE_LOG_LEVEL: 'warn',
      ...env,
      PORT: String(port),
    },
  })
  const baseUrl = `http://127.0.0.1:${port}`
  await waitForHealthy(`${baseUrl}/readyz`, child)
  return {
    baseUrl,
    stop: () => {
      if (child.exitCode !== null) return Promise.resolve()
      child.kill('SIGTERM')
      return new Promise((resolve) => child.once('exit', () => resolve()))
    },
  }
}

async function waitForHealthy(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with code ${child.exitCode} before it was ready`)
    if (await fetch(url).then((response) => response.ok, () => false)) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  child.kill('SIGKILL')
  throw new Error(`the API did not answer ${url} within 60 s`)
}
