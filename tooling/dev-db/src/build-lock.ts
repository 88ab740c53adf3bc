import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { devDbCacheDir } from './paths.ts'

/** A lock older than this belongs to a build that died; the DocumentDB build takes minutes. */
const staleLockMs = 20 * 60_000

/**
 * A cross-process lock (mkdir is atomic) so parallel test runs build once.
 * `name` separates builds that may run side by side (FerretDB 1 and the
 * DocumentDB engine).
 */
export async function withBuildLock(name: string, work: () => Promise<void>): Promise<void> {
  await mkdir(devDbCacheDir, { recursive: true })
  const lockDir = join(devDbCacheDir, `${name}.lock`)
  for (;;) {
    try {
      await mkdir(lockDir)
      await writeFile(join(lockDir, 'owner'), String(process.pid))
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const age = Date.now() - (await stat(lockDir).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs
      if (age > staleLockMs || (await ownerIsGone(lockDir))) await rm(lockDir, { recursive: true, force: true })
      else await new Promise((resolve) => setTimeout(resolve, 500))
    }
  }
  try {
    await work()
  } finally {
    await rm(lockDir, { recursive: true, force: true })
  }
}

/**
 * Whether the process that took the lock has ended (a test run killed by
 * its timeout mid-build): then the lock is stale at once, not after 20 min.
 * A lock without an owner yet is being taken right now, so it is not stale.
 */
async function ownerIsGone(lockDir: string): Promise<boolean> {
  const owner = Number(await readFile(join(lockDir, 'owner'), 'utf8').catch(() => ''))
  if (!Number.isInteger(owner) || owner <= 0) return false
  try {
    process.kill(owner, 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}
