import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const packageDir = fileURLToPath(new URL('../..', import.meta.url))

export interface WorkerProcess {
  child: ChildProcess
  /** Everything the process printed. */
  output: string[]
  exited: Promise<number | null>
}

/** The real worker process (src/main.ts through tsx), as the start command runs it but from source. */
export function spawnWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@hookline/source', 'src/main.ts'], {
    cwd: packageDir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, output, exited }
}

/** Resolves when the process has logged that it started. */
export async function waitUntilStarted(worker: WorkerProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!worker.output.join('').includes('Hookline worker started')) {
    if (worker.child.exitCode !== null) throw new Error(`The worker exited early:\n${worker.output.join('')}`)
    if (Date.now() > deadline) throw new Error(`The worker did not start in ${timeoutMs} ms:\n${worker.output.join('')}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
