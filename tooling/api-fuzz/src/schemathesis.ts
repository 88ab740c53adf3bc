import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export const schemathesisVersion = '4.32.5'
export const openApiSpecValidatorVersion = '0.9.0'

/**
 * Hypothesis too, which Schemathesis accepts anywhere in 6.x: a new release
 * would otherwise change what a fresh clone's fuzz run draws and how
 * (hooks/cpython_ast_workaround.py patches one of its functions).
 */
export const hypothesisVersion = '6.170.17'

/** Everything the venv holds, pinned; a change reinstalls. */
const pythonRequirements = [`schemathesis==${schemathesisVersion}`, `hypothesis==${hypothesisVersion}`, `openapi-spec-validator==${openApiSpecValidatorVersion}`]

export interface PythonTools {
  /** Schemathesis' `st`. */
  st: string
  /** `openapi-spec-validator`'s command. */
  openApiSpecValidator: string
}

/**
 * A private virtualenv with the pinned Schemathesis and openapi-spec-validator
 * (from PyPI), created on first use and reused while the pins are unchanged.
 * Callers in parallel (the fuzz run and the lint test) share one install.
 */
export async function ensurePythonTools(venvDir: string): Promise<PythonTools> {
  const tools = { st: join(venvDir, 'bin', 'st'), openApiSpecValidator: join(venvDir, 'bin', 'openapi-spec-validator') }
  const marker = join(venvDir, 'hookline-python-requirements')
  const wanted = pythonRequirements.join(' ')
  const ready = async () =>
    existsSync(marker) && (await readFile(marker, 'utf8')).trim() === wanted && existsSync(tools.st) && existsSync(tools.openApiSpecValidator)
  if (await ready()) return tools

  const release = await lock(`${venvDir}.lock`)
  try {
    if (await ready()) return tools
    const python = process.env.PYTHON ?? 'python3'
    console.log(`Installing ${wanted} into ${venvDir} …`)
    await run(python, ['-m', 'venv', venvDir])
    await run(join(venvDir, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', ...pythonRequirements])
    await writeFile(marker, wanted)
    return tools
  } finally {
    await release()
  }
}

/** A directory as a lock between processes; a lock older than 10 minutes is taken as abandoned. */
async function lock(path: string): Promise<() => Promise<void>> {
  const deadline = Date.now() + 10 * 60_000
  for (;;) {
    try {
      await mkdir(path)
      return () => rm(path, { recursive: true, force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const age = Date.now() - (await stat(path).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs
      if (age > 10 * 60_000) await rm(path, { recursive: true, force: true })
      else if (Date.now() > deadline) throw new Error(`${path} is still held after 10 minutes`)
      else await new Promise((resolve) => setTimeout(resolve, 1_000))
    }
  }
}

/** Schemathesis' `st` command (see ensurePythonTools). */
export async function ensureSchemathesis(venvDir: string): Promise<string> {
  return (await ensurePythonTools(venvDir)).st
}

export function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', env })
    child.once('error', (cause) => reject(new Error(`could not run ${command}`, { cause })))
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.slice(0, 2).join(' ')} … exited with ${signal ?? code}`)),
    )
  })
}
