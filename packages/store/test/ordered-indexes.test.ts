// The log's list indexes built ordered on all their keys where the server
// says it can (ServerCapabilities.orderedIndexes), an older plain index of
// the same name rebuilt so, and plain indexes everywhere else.
import { openTestDatabase, type TestDatabase } from '@hookline/dev-db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { orderedIndexesProbe } from '../src/capabilities/probes/ordered-indexes.ts'
import { capabilityProfile, detectServerCapabilities, ensureIndexes, fullCapabilities, indexCatalogue } from '../src/index.ts'

let database: TestDatabase
let serverOrders: boolean
beforeAll(async () => {
  database = await openTestDatabase('store-ordered-indexes')
  serverOrders = (await detectServerCapabilities(database.db, database.client, [orderedIndexesProbe])).orderedIndexes
  console.log(`orderedIndexes on this machine’s server: ${serverOrders}`)
})
afterAll(() => database?.drop())

const orderedNames = (indexCatalogue.deliveries ?? []).filter((spec) => spec.ordered).map((spec) => spec.name)

async function deliveriesIndexes(dbName: string) {
  const indexes = await database.client.db(dbName).collection('deliveries').listIndexes().toArray()
  return new Map(indexes.map((index) => [index.name as string, index]))
}

const isOrdered = (index: { enableCompositeTerm?: unknown } | undefined) => index?.enableCompositeTerm === true || index?.enableCompositeTerm === 1

describe('ordered log indexes', () => {
  it('are the four list indexes, each with createdAt right after its equality keys', () => {
    expect(orderedNames.sort()).toEqual(['tenant_app_list', 'tenant_list', 'tenant_status_list', 'tenant_type_list'])
  })

  it('are built ordered exactly where the probe found the server orders them, with the catalogue’s keys', async () => {
    const db = database.client.db(`${database.db.databaseName}_probed`)
    await ensureIndexes(db, capabilityProfile(fullCapabilities, { ttlIndexes: false, orderedIndexes: serverOrders }))
    const existing = await deliveriesIndexes(db.databaseName)
    for (const spec of indexCatalogue.deliveries ?? []) {
      expect(existing.get(spec.name)?.key, spec.name).toEqual(spec.key)
      expect(isOrdered(existing.get(spec.name)), spec.name).toBe(serverOrders && spec.ordered === true)
    }
    await db.dropDatabase()
  })

  it('rebuilds a plain list index of the same name as an ordered one where the server orders them, and leaves it plain elsewhere', async () => {
    const db = database.client.db(`${database.db.databaseName}_upgrade`)
    // A database from before: the same key and name, no option.
    await db.collection('deliveries').createIndex({ tenantId: 1, createdAt: -1, _id: -1 }, { name: 'tenant_list' })
    await db.collection('deliveries').insertOne({ _id: 'dlv_kept', tenantId: 'ten_x', createdAt: new Date() } as never)
    await ensureIndexes(db, capabilityProfile(fullCapabilities, { ttlIndexes: false, orderedIndexes: serverOrders }))
    await ensureIndexes(db, capabilityProfile(fullCapabilities, { ttlIndexes: false, orderedIndexes: serverOrders })) // a second start changes nothing
    const existing = await deliveriesIndexes(db.databaseName)
    expect(isOrdered(existing.get('tenant_list'))).toBe(serverOrders)
    expect(await db.collection('deliveries').countDocuments({})).toBe(1)
    await db.dropDatabase()
  })
})
