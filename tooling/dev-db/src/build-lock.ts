import { mkdir, rm, stat } from 'node:fs/promises'
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
