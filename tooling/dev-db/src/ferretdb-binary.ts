import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DevDatabaseError } from './errors.ts'
import { findExecutable } from './find-executable.ts'

const devDbRoot = join(dirname(fileURLToPath(import.meta.url)), '..')
const goModuleDir = join(devDbRoot, 'ferretdb')
const cacheDir = join(devDbRoot, '.cache')
const lockDir = join(cacheDir, 'build.lock')
const staleLockMs = 15 * 60_000

/**
 * Path of the FerretDB binary for the current Go module, building it first
 * when the module changed (the file name carries a hash of its sources).
 */
export async function ensureFerretDbBinary(log: (line: string) => void): Promise<string> {
  const binary = join(cacheDir, `hookline-ferretdb-${await goModuleHash()}`)
  if (existsSync(binary)) return binary

  const go = findExecutable('go', ['/usr/local/go/bin/go'])
  if (!go) {
    throw new DevDatabaseError(
      'No database available: MONGODB_URI is not set, no `mongod` is on PATH, and Go is not ' +
        'installed to build FerretDB. Install Go 1.24+ (https://go.dev/dl/), or put `mongod` ' +
        'on PATH, or set MONGODB_URI to a MongoDB server.',
    )
  }

  await mkdir(cacheDir, { recursive: true })
  await withBuildLock(async () => {
    if (existsSync(binary)) return // another process built it while we waited
    log('Building FerretDB 1.24.2 from the Go module proxy (first run only; ~2 minutes)…')
    const partial = `${binary}.partial-${process.pid}`
    await runGoBuild(go, partial)
    await rename(partial, binary) // atomic: readers never see a half-written binary
    log('FerretDB built.')
  })
  return binary
}

/** Covers every file `go build` reads, so adding a Go file also rebuilds. */
async function goModuleHash(): Promise<string> {
  const goFiles = (await readdir(goModuleDir)).filter((file) => file.endsWith('.go')).sort()
  const hash = createHash('sha256')
  for (const file of ['go.mod', 'go.sum', ...goFiles]) {
    hash.update(file).update(await readFile(join(goModuleDir, file)))
  }
  return hash.digest('hex').slice(0, 12)
}

function runGoBuild(go: string, output: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(go, ['build', '-trimpath', '-o', output, '.'], {
      cwd: goModuleDir,
      stdio: ['ignore', 'inherit', 'pipe'],
      env: { ...process.env, CGO_ENABLED: process.env.CGO_ENABLED ?? '0' },
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', (cause) => reject(new DevDatabaseError('could not run `go build`', { cause })))
    child.on('exit', (code) => {
      if (code === 0) resolve()
      else reject(new DevDatabaseError(`\`go build\` of FerretDB failed (exit ${code}):\n${stderr}`))
    })
  })
}

/** A cross-process lock (mkdir is atomic) so parallel test runs build once. */
async function withBuildLock(work: () => Promise<void>): Promise<void> {
  for (;;) {
    try {
      await mkdir(lockDir)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const age = Date.now() - (await stat(lockDir).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs
      if (age > staleLockMs) await rm(lockDir, { recursive: true, force: true })
      else await new Promise((resolve) => setTimeout(resolve, 500))
    }
  }
  try {
    await work()
  } finally {
    await rm(lockDir, { recursive: true, force: true })
  }
}
