import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readdir, readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { withBuildLock } from './build-lock.ts'
import { DevDatabaseError } from './errors.ts'
import { findExecutable } from './find-executable.ts'
import { devDbCacheDir, devDbRoot } from './paths.ts'

export interface GoBinary {
  /** Folder of the Go module under tooling/dev-db. */
  module: string
  /** File name prefix of the cached binary. */
  name: string
  /** What is being built, for progress lines. */
  label: string
}

/** The Go toolchain, or undefined when it is not installed. */
export function findGo(): string | undefined {
  return findExecutable('go', ['/usr/local/go/bin/go'])
}

/**
 * Path of the binary for the current Go module, building it first when the
 * module changed (the file name carries a hash of its sources).
 */
export async function ensureGoBinary(target: GoBinary, log: (line: string) => void): Promise<string> {
  const moduleDir = join(devDbRoot, target.module)
  const binary = join(devDbCacheDir, `${target.name}-${await goModuleHash(moduleDir)}`)
  if (existsSync(binary)) return binary

  const go = findGo()
  if (!go) throw new DevDatabaseError(`Go 1.24+ is needed to build ${target.label} (https://go.dev/dl/)`)

  await withBuildLock(target.name, async () => {
    if (existsSync(binary)) return // another process built it while we waited
    log(`Building ${target.label} from the Go module proxy (first run only; ~2 minutes)…`)
    const partial = `${binary}.partial-${process.pid}`
    await runGoBuild(go, moduleDir, partial, target.label)
    await rename(partial, binary) // atomic: readers never see a half-written binary
    log(`${target.label} built.`)
  })
  return binary
}

/** Covers every file `go build` reads, so adding a Go file also rebuilds. */
async function goModuleHash(moduleDir: string): Promise<string> {
  const goFiles = (await readdir(moduleDir)).filter((file) => file.endsWith('.go')).sort()
  const hash = createHash('sha256')
  for (const file of ['go.mod', 'go.sum', ...goFiles]) {
    hash.update(file).update(await readFile(join(moduleDir, file)))
  }
  return hash.digest('hex').slice(0, 12)
}

function runGoBuild(go: string, moduleDir: string, output: string, label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(go, ['build', '-trimpath', '-o', output, '.'], {
      cwd: moduleDir,
      stdio: ['ignore', 'inherit', 'pipe'],
      env: { ...process.env, CGO_ENABLED: process.env.CGO_ENABLED ?? '0' },
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', (cause) => reject(new DevDatabaseError('could not run `go build`', { cause })))
    child.on('exit', (code) => {
      if (code === 0) resolve()
      else reject(new DevDatabaseError(`\`go build\` of ${label} failed (exit ${code}):\n${stderr}`))
    })
  })
}
