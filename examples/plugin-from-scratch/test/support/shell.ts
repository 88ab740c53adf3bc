import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)

/**
 * The environment an author's shell would have: this run's pnpm, npm and
 * vitest variables removed, so npm in the temp folder behaves as it does on
 * a plain machine (no workspace settings, no source conditions).
 */
export function authorEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(npm_|pnpm_|PNPM_|VITEST|NODE_OPTIONS$|TURBO_|HOOKLINE_|FORCE_COLOR$)/i.test(name)),
  )
  // Plain text output, so the test reads it as a person would.
  return { ...clean, NO_COLOR: '1', ...extra }
}

/** Runs one command line with bash in `cwd`; resolves with stdout, rejects with both streams in the message. */
export async function runLine(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await execFileAsync('bash', ['-euo', 'pipefail', '-c', line], { cwd, env, maxBuffer: 32 * 1024 * 1024, timeout: 480_000 })
    return stdout
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string }
    throw new Error(`"${line}" failed in ${cwd}:\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`, { cause: error })
  }
}
