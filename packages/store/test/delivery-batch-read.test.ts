// The worker's read of a job: deliveries, events and apps in one union
// where the server has it, and the three ordinary reads otherwise.
import { openTestDatabase, serverRunsUnionWith, type TestDatabase } from '@hookline/dev-db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { capabilityProfile, hooklineCollections, minimalCapabilities, type DeliveryDocument } from '../src/index.ts'
import { openPinnedStore, type PinnedStore } from './support/pinned-store.ts'

let database: TestDatabase
let serverUnionReads: boolean
const opened: PinnedStore[] = []
beforeAll(async () => {
  database = await openTestDatabase('store-batch-read')
  // Whether the stage runs at all: the union branch is tested wherever it can be, fast or not.
  serverUnionReads = await serverRunsUnionWith(database.db)
  console.log(`$unionWith on this machine's server: ${serverUnionReads}`)
})
afterAll(async () => {
  for (const pinned of opened) await pinned.close()
  await database.drop()
})

/**
 * A store pinned to `overrides`, holding: events e1, e2, e3; apps a1, a2;
 * deliveries d1 (e1, a1), d2 (e2, a1), d3 (e3, a2) and d4 (eGone, a1),
 * whose event is not stored.
 */
async function seeded(label: string, overrides: Parameters<typeof capabilityProfile>[1]) {
  const pinned = await openPinnedStore(database, label, capabilityProfile(minimalCapabilities, overrides))
  opened.push(pinned)
  const collections = hooklineCollections(pinned.db)
  // With the log's fields too, which the worker does not read: they must stay on the server.
  const delivery = (id: string, eventId: string, appId: string) =>
    ({ _id: id, eventId, appId, status: 'pending', appName: `App ${appId}`, eventType: 'media.updated', durationMs: 0, attempts: [{ attempt: 1, responseBodyExcerpt: 'x'.repeat(200) }] }) as unknown as DeliveryDocument
  await collections.deliveries.insertMany([delivery('d1', 'e1', 'a1'), delivery('d2', 'e2', 'a1'), delivery('d3', 'e3', 'a2'), delivery('d4', 'eGone', 'a1')])
  await pinned.db.collection('events').insertMany(['e1', 'e2', 'e3'].map((id) => ({ _id: id as never, envelopeJson: `{"id":"${id}"}` })))
  await pinned.db.collection('apps').insertMany(['a1', 'a2'].map((id) => ({ _id: id as never, name: `App ${id}` })))
  pinned.commands.length = 0
  return pinned
}

const reads = (pinned: PinnedStore) => pinned.commands.map((event) => `${event.commandName} ${String(event.command[event.commandName])}`).sort()

describe('a job that names its events and apps', () => {
  it('is read in one command where the server has union reads; what the job did not name is read after it, what it named and is gone stays missing', async () => {
    const pinned = await seeded('named', { filterPushdown: true, unionReads: serverUnionReads })
    // The job names e1, e2 and eGone, and a1 only: d3's event and app are unnamed.
    const batch = await pinned.store.deliveryBatches.read(['d1', 'd2', 'd3', 'd4'], { eventIds: ['e1', 'e2', 'eGone'], appIds: ['a1'] }, () => true)

    expect(batch.deliveries.map((delivery) => delivery._id).sort()).toEqual(['d1', 'd2', 'd3', 'd4'])
    expect([...batch.events.keys()].sort()).toEqual(['e1', 'e2', 'e3'])
    expect([...batch.apps.keys()].sort()).toEqual(['a1', 'a2'])
    expect(batch.events.get('e2')).toEqual({ _id: 'e2', envelopeJson: '{"id":"e2"}' })
    expect(batch.apps.get('a1')).toEqual({ _id: 'a1', name: 'App a1' })
    for (const delivery of batch.deliveries) expect(Object.keys(delivery).sort()).toEqual(['_id', 'appId', 'eventId', 'status'])
    if (serverUnionReads) {
      // The named ones in the union, the unnamed event and app in two reads after it (eGone is not read again).
      expect(reads(pinned)).toEqual(['aggregate deliveries', 'find apps', 'find events'])
      expect(pinned.sent('find').map((command) => command.filter)).toEqual(expect.arrayContaining([{ _id: 'e3' }, { _id: 'a2' }]))
    } else {
      // (findByIds reads the id a `$in` did not return, eGone, once more on its own.)
      expect([...new Set(reads(pinned))]).toEqual(['find apps', 'find deliveries', 'find events'])
    }
  })

  it('reads only the events and apps of the deliveries the worker will attempt, when read without a union', async () => {
    const pinned = await seeded('wanted', { filterPushdown: true })
    const batch = await pinned.store.deliveryBatches.read(['d1', 'd3'], { eventIds: ['e1', 'e3'], appIds: ['a1', 'a2'] }, (delivery) => delivery._id === 'd1')

    expect(batch.deliveries.map((delivery) => delivery._id).sort()).toEqual(['d1', 'd3'])
    expect([...batch.events.keys()]).toEqual(['e1'])
    expect([...batch.apps.keys()]).toEqual(['a1'])
    expect(reads(pinned)).toEqual(['find apps', 'find deliveries', 'find events'])
  })

  it('is read by single ids, never as a union, where filters are not pushed down (a union’s $in would scan)', async () => {
    const pinned = await seeded('no_pushdown', { filterPushdown: false, unionReads: true })
    const batch = await pinned.store.deliveryBatches.read(['d1', 'd2'], { eventIds: ['e1', 'e2'], appIds: ['a1'] }, () => true)

    expect([...batch.events.keys()].sort()).toEqual(['e1', 'e2'])
    expect(pinned.sent('aggregate')).toEqual([])
    for (const command of pinned.sent('find')) expect(typeof command.filter._id).toBe('string')
  })
})

it('reads a job that names nothing the ordinary way: deliveries first, then their events and apps', async () => {
  const pinned = await seeded('unnamed', { filterPushdown: true, unionReads: serverUnionReads })
  const batch = await pinned.store.deliveryBatches.read(['d1', 'd3'], undefined, () => true)

  expect([...batch.events.keys()].sort()).toEqual(['e1', 'e3'])
  expect([...batch.apps.keys()].sort()).toEqual(['a1', 'a2'])
  expect(reads(pinned)).toEqual(['find apps', 'find deliveries', 'find events'])
  for (const delivery of batch.deliveries) expect(Object.keys(delivery).sort()).toEqual(['_id', 'appId', 'eventId', 'status'])
})
