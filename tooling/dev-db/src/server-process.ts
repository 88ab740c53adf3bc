import { spawn, type ChildProcess } from 'node:child_process'
import { DevDatabaseError } from './errors.ts'

export interface ServerProcess {
  readonly pid: number
  /** Resolves once the process has exited; SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>
}

const running = new Set<ChildProcess>()
let exitHooksInstalled = false

/**
 * Kill every server we started when this process exits normally. Ctrl-C
 * reaches the servers by itself (they share our process group), and FerretDB
 * also exits when its stdin lifeline closes, even if we are SIGKILLed.
 */
function installExitHooks(): void {
  if (exitHooksInstalled) return
  exitHooksInstalled = true
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL')
  })
}

export interface SpawnServerOptions {
  command: string
  args: string[]
  /** Name used in error messages. */
  label: string
  /** Reads the server's stdout/stderr; returns the MongoDB URI once ready. */
  readyWhen: (output: string) => string | undefined
  timeoutMs?: number
  /** Keep stdin open as a pipe: servers that exit on EOF then die with us. */
  stdinLifeline?: boolean
  /** Run as this user (root starting a server that refuses root, like PostgreSQL). */
  runAs?: { uid: number; gid: number }
}

export function spawnServer(options: SpawnServerOptions): Promise<{ uri: string; server: ServerProcess }> {
  installExitHooks()
  const child = spawn(options.command, options.args, {
    stdio: [options.stdinLifeline ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    ...(options.runAs ? { uid: options.runAs.uid, gid: options.runAs.gid } : {}),
  })
  running.add(child)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  void exited.then(() => running.delete(child))

  const server: ServerProcess = {
    get pid() {
      return child.pid ?? -1
    },
    async stop(graceMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
    },
  }

  return new Promise((resolve, reject) => {
    let output = ''
    const timeout = setTimeout(() => {
      void server.stop(0)
      reject(new DevDatabaseError(`${options.label} did not become ready in time. Output:\n${output}`))
    }, options.timeoutMs ?? 30_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const uri = options.readyWhen(output)
      if (uri) {
        clearTimeout(timeout)
        child.stdout?.off('data', onData)
        child.stderr?.off('data', onData)
        // Keep draining so a chatty server never blocks on a full pipe.
        child.stdout?.resume()
        child.stderr?.resume()
        resolve({ uri, server })
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('error', (cause) => {
      clearTimeout(timeout)
      reject(new DevDatabaseError(`could not start ${options.label}`, { cause }))
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timeout)
      reject(new DevDatabaseError(`${options.label} exited early (${signal ?? code}). Output:\n${output}`))
    })
  })
}
