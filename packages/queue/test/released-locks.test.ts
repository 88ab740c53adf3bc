// Agenda 6 gives back a lock it took past its lock limit: wake-up calls that
// come together start looks at once, each passes the limit's check before
// either lock returns, and the jobs locked beyond it are released. Such a
// job must be taken again at once, not at Agenda's next scan: none runs
// within this test (60 s), so a job left for it fails the count.
import { capabilityProfile, collectionNames, minimalCapabilities } from '@hookline/store'
import { afterAll, describe, expect, it } from 'vitest'
import { createDeliveryQueue } from '../src/index.ts'
import { monitoredProcessors } from './support/monitored-processor.ts'
import { openPinnedDatabases } from './support/pinned-databases.ts'

const databases = await openPinnedDatabases('queue-released')
afterAll(() => databases.dropAll())
const startMonitoredProcessor = monitoredProcessors(databases)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
// The local engine's path: wake-up calls through a doorbell that counts its rings.
const countedDoorbell = capabilityProfile(minimalCapabilities, { cappedCollections: true, atomicFindAndModify: true })

describe('a job whose lock Agenda gives back', () => {
  it('is taken again without waiting for a scan', async () => {
    const handled: string[] = []
    // Short batches in four slots, jobs arriving every millisecond or two: wake-up calls and
    // finished batches start looks together. (Before the fix 23–33 of 300 jobs were left over.)
    const { client, db, errors, stop } = await startMonitoredProcessor(
      'released',
      async (deliveryIds) => {
        handled.push(...deliveryIds)
        await sleep(Math.random() * 8)
      },
      { profile: countedDoorbell, jobConcurrency: 4 },
    )
    let givenBack = 0
    const count = (event: { commandName: string; command: Record<string, unknown> }) => {
      const unlock = event.commandName === 'update' && event.command.update === collectionNames.agendaJobs && JSON.stringify(event.command.updates).includes('"$unset":{"lockedAt":true}')
      if (unlock) givenBack++
    }
    client.on('commandStarted', count)
    const queue = createDeliveryQueue({ db, name: 'released-publisher' })
    try {
      const total = 300
      for (let index = 0; index < total; index++) {
        await queue.enqueue([`dlv_released${index}`])
        if (index % 3 === 0) await sleep(1)
      }
      const deadline = Date.now() + 20_000
      while (handled.length < total && Date.now() < deadline) await sleep(20)
      console.log(`jobs run ${handled.length} of ${total}; locks Agenda gave back ${givenBack}`)
      // Without a lock given back this test would prove nothing.
      expect(givenBack).toBeGreaterThan(0)
      expect(handled.length).toBe(total)
    } finally {
      client.off('commandStarted', count)
      await queue.close()
      await stop()
    }
    expect(errors).toEqual([])
  })
})
