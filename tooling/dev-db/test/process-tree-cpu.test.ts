import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import { ownCpuSeconds, processTreeCpuSeconds } from '../src/process-tree-cpu.ts'

// A parent that sleeps while its child burns 0.4 s of CPU, as
// FerretDB sleeps while its PostgreSQL backends do the work.
// A child left running ends once its parent is gone (it is then handed to another parent).
const stayWhileParentLives = 'const parent = process.ppid; setInterval(() => { if (process.ppid !== parent) process.exit() }, 100)'

function parentOfBusyChild(childEnds: boolean): ChildProcess {
  // 0.4 s of its own CPU, however long a busy machine takes to give it that much.
  const childScript = `const used = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000 }; while (used() < 400) {}; console.log('busy done'); ${childEnds ? '' : stayWhileParentLives}`
  const parentScript = `
    const child = require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(childScript)}], { stdio: ['ignore', 'inherit', 'inherit'] })
    child.on('exit', () => console.log('child reaped'))
    setInterval(() => {}, 1000)`
  return spawn(process.execPath, ['-e', parentScript], { stdio: ['ignore', 'pipe', 'inherit'] })
}

async function waitForLine(child: ChildProcess, line: string): Promise<void> {
  let output = ''
  while (!output.includes(line)) {
    const [chunk] = (await once(child.stdout!, 'data')) as [Buffer]
    output += chunk.toString()
  }
}

describe('CPU of a process tree', { skip: process.platform !== 'linux' }, () => {
  let parent: ChildProcess | undefined
  afterEach(() => {
    parent?.kill('SIGKILL')
    parent = undefined
  })

  it('counts a child that is still running, which the parent’s own figure leaves out', async () => {
    parent = parentOfBusyChild(false)
    await waitForLine(parent, 'busy done')
    const tree = await processTreeCpuSeconds(parent.pid!)
    const own = (await ownCpuSeconds(parent.pid!))!
    expect(tree).toBeGreaterThanOrEqual(own + 0.3)
  })

  it('still counts a child that has ended and been waited for', async () => {
    parent = parentOfBusyChild(true)
    await waitForLine(parent, 'child reaped')
    const tree = await processTreeCpuSeconds(parent.pid!)
    expect(tree).toBeGreaterThanOrEqual(0.3)
    // Counted once: through the parent's cutime, not also as a live process.
    expect(tree).toBeLessThan(0.3 + (await ownCpuSeconds(parent.pid!))!)
  })

  it('answers undefined for a process that is gone', async () => {
    const gone = spawn(process.execPath, ['-e', ''])
    await once(gone, 'exit')
    expect(await processTreeCpuSeconds(gone.pid!)).toBeUndefined()
  })
})
