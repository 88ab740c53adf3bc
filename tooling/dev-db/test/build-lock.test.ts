import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdir, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { withBuildLock } from '../src/build-lock.ts'
import { devDbCacheDir } from '../src/paths.ts'

// A build killed with its test run (a hook timeout) leaves its lock behind;
// the next run must not wait 20 minutes for it.
describe('the build lock', () => {
  it('takes over a lock whose owner process has ended', async () => {
    const name = `test-${randomBytes(4).toString('hex')}`
    const lockDir = join(devDbCacheDir, `${name}.lock`)
    const ended = spawnSync(process.execPath, ['-e', '']).pid
    await mkdir(lockDir, { recursive: true })
    await writeFile(join(lockDir, 'owner'), String(ended))
    let ran = false
    await withBuildLock(name, async () => {
      ran = true
    })
    expect(ran).toBe(true)
    await expect(stat(lockDir)).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('waits for a lock whose owner is alive', async () => {
    const name = `test-${randomBytes(4).toString('hex')}`
    const lockDir = join(devDbCacheDir, `${name}.lock`)
    await mkdir(lockDir, { recursive: true })
    await writeFile(join(lockDir, 'owner'), String(process.pid))
    const order: string[] = []
    const waiting = withBuildLock(name, async () => {
      order.push('second build')
    })
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    order.push('first build ends')
    await rm(lockDir, { recursive: true, force: true })
    await waiting
    expect(order).toEqual(['first build ends', 'second build'])
  })
})
