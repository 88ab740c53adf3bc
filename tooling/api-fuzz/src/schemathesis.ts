import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export const schemathesisVersion = '4.32.5'

/**
 * A private virtualenv with the pinned Schemathesis (from PyPI), created on
 * first use and reused while the pin is unchanged.
 */
export async function ensureSchemathesis(venvDir: string): Promise<string> {
  const st = join(venvDir, 'bin', 'st')
  const marker = join(venvDir, 'hookline-schemathesis-version')
  const installed = existsSync(marker) ? (await readFile(marker, 'utf8')).trim() : undefined
  if (installed === schemathesisVersion && existsSync(st)) return st

  const python = process.env.PYTHON ?? 'python3'
  console.log(`Installing Schemathesis ${schemathesisVersion} into ${venvDir} …`)
  await run(python, ['-m', 'venv', venvDir])
  await run(join(venvDir, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${schemathesisVersion}`])
  await writeFile(marker, schemathesisVersion)
  return st
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
