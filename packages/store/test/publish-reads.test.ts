import { randomBytes } from 'node:crypto'
import { openTestDatabase, testDatabaseUri, uniqueDatabaseName, type TestDatabase } from '@hookline/dev-db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { collectionNames, connectDatabase, hashApiKey, hooklineCollections, openStore, watchDatabaseCommands, type NewApp, type Store } from '../src/index.ts'

// The reads a publish makes first, cached per store (one per API process):
// writes through the same store apply at once, writes through another store
// (another process, cache or not) within the max age, through the change
// mark every store's writes change; writes behind the stores' back within
// the stale limit.
let database: TestDatabase
const secretKey = randomBytes(32)
const minute = 60_000

beforeAll(async () => {
  database = await openTestDatabase('store-publish-reads')
  await openStore(database.db, { secretKey }).ensureIndexes()
})
afterAll(() => database.drop())

const appInput = (tenantId: string, overrides: Partial<NewApp> = {}): NewApp => ({
  tenantId,
  createdBy: 'test',
  name: 'Receiver',
  endpoint: 'https://receiver.example.com/hooks',
  active: true,
  authType: 'none',
  events: { categories: ['media'], types: [] },
  headers: [],
  retries: 3,
  retryDelaySeconds: 1,
  legacySubjectDetailEncoding: false,
  ...overrides,
})
const ids = (apps: readonly { _id: string }[]) => apps.map((app) => app._id).sort()
const cachedStore = (maxAgeMs = minute, staleLimitMs?: number) =>
  openStore(database.db, { secretKey, publishReadCacheMs: maxAgeMs, ...(staleLimitMs ? { publishReadStaleLimitMs: staleLimitMs } : {}) })
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('publishReads with the cache on', () => {
  it('answers from memory: a change made behind the store’s back is not seen within the max age', async () => {
    const store = cachedStore()
    const app = await store.apps.create(appInput('ten_behind'))
    const { document, key } = await store.apiKeys.create({ tenantId: 'ten_behind', name: 'Portal', scopes: ['events:publish'], createdBy: 'a' })
    await store.tenants.create({ id: 'ten_behind', name: 'Before', createdBy: 'a' })
    expect(ids(await store.publishReads.activeApps('ten_behind'))).toEqual([app._id])
    expect((await store.publishReads.activeApiKey(key))?._id).toBe(document._id)
    expect((await store.publishReads.tenant('ten_behind'))?.name).toBe('Before')

    const collections = hooklineCollections(database.db)
    await collections.apps.updateOne({ _id: app._id }, { $set: { active: false } })
    await collections.apiKeys.updateOne({ _id: document._id }, { $set: { revokedAt: new Date() } })
    await collections.tenants.updateOne({ _id: 'ten_behind' }, { $set: { name: 'After' } })
    expect(ids(await store.publishReads.activeApps('ten_behind'))).toEqual([app._id])
    expect((await store.publishReads.activeApiKey(key))?._id).toBe(document._id)
    expect((await store.publishReads.tenant('ten_behind'))?.name).toBe('Before')
    // The repositories themselves are not cached.
    expect(await store.apps.listActive('ten_behind')).toEqual([])
  })

  it('sees every app change made through the same store at once', async () => {
    const store = cachedStore()
    const tenantId = 'ten_apps'
    expect(await store.publishReads.activeApps(tenantId)).toEqual([])
    const first = await store.apps.create(appInput(tenantId))
    expect(ids(await store.publishReads.activeApps(tenantId)), 'created').toEqual([first._id])
    await store.apps.update(tenantId, first._id, { events: { categories: [], types: ['media.created'] } }, 'a')
    expect((await store.publishReads.activeApps(tenantId))[0]?.events.types, 'subscription changed').toEqual(['media.created'])
    await store.apps.setActive(tenantId, first._id, false, 'a')
    expect(await store.publishReads.activeApps(tenantId), 'turned off').toEqual([])
    await store.apps.setActive(tenantId, first._id, true, 'a')
    expect(ids(await store.publishReads.activeApps(tenantId)), 'turned on').toEqual([first._id])
    await store.apps.update(tenantId, first._id, { active: false }, 'a')
    expect(await store.publishReads.activeApps(tenantId), 'turned off by update').toEqual([])
    await store.apps.update(tenantId, first._id, { active: true }, 'a')
    const before = (await store.publishReads.activeApps(tenantId))[0]!.signingSecrets[0]!.sealed
    await store.apps.rotateSigningSecret(tenantId, first._id, 'a')
    expect((await store.publishReads.activeApps(tenantId))[0]!.signingSecrets[0]!.sealed, 'secret rotated').not.toBe(before)
    await store.apps.deactivate(first._id, 'endpoint gone')
    expect(await store.publishReads.activeApps(tenantId), 'turned off by the delivery engine').toEqual([])
    await store.apps.setActive(tenantId, first._id, true, 'a')
    expect(await store.publishReads.activeApps(tenantId)).toHaveLength(1)
    await store.apps.remove(tenantId, first._id)
    expect(await store.publishReads.activeApps(tenantId), 'deleted').toEqual([])
  })

  it('never answers with a key revoked or renamed through the same store', async () => {
    const store = cachedStore()
    const { document, key } = await store.apiKeys.create({ tenantId: 'ten_keys', name: 'Portal', scopes: ['events:publish'], createdBy: 'a' })
    expect((await store.publishReads.activeApiKey(key))?.name).toBe('Portal')
    await store.apiKeys.rename('ten_keys', document._id, 'CMS')
    expect((await store.publishReads.activeApiKey(key))?.name).toBe('CMS')
    await store.apiKeys.revoke('ten_keys', document._id, 'a')
    expect(await store.publishReads.activeApiKey(key)).toBeNull()
  })

  it('does not keep an unknown key: one created meanwhile (in any process) works at once', async () => {
    const store = cachedStore()
    const elsewhere = openStore(database.db, { secretKey })
    const { key } = await elsewhere.apiKeys.create({ tenantId: 'ten_new_key', name: 'Portal', scopes: ['events:publish'], createdBy: 'a' })
    // Not there yet when first tried: its hash is elsewhere.
    const apiKeys = hooklineCollections(database.db).apiKeys
    await apiKeys.updateOne({ tenantId: 'ten_new_key' }, { $set: { hash: 'not-yet' } })
    expect(await store.publishReads.activeApiKey(key)).toBeNull()
    await apiKeys.updateOne({ tenantId: 'ten_new_key' }, { $set: { hash: hashApiKey(key) } })
    expect((await store.publishReads.activeApiKey(key))?.tenantId).toBe('ten_new_key')
  })

  it('sees a tenant renamed or linked through the same store at once', async () => {
    const store = cachedStore()
    await store.tenants.create({ id: 'ten_linked', name: 'Portal', createdBy: 'a' })
    expect((await store.publishReads.tenant('ten_linked'))?.portalTenantId).toBeUndefined()
    await store.tenants.update('ten_linked', { name: 'Renamed', portalTenantId: 4242 })
    expect(await store.publishReads.tenant('ten_linked')).toMatchObject({ name: 'Renamed', portalTenantId: 4242 })
  })

  it('sees another store’s changes (another process) once its read is older than the max age', async () => {
    const reader = cachedStore(150)
    const writer = cachedStore()
    const { document, key } = await writer.apiKeys.create({ tenantId: 'ten_other', name: 'Portal', scopes: ['events:publish'], createdBy: 'a' })
    const app = await writer.apps.create(appInput('ten_other'))
    expect((await reader.publishReads.activeApiKey(key))?._id).toBe(document._id)
    expect(ids(await reader.publishReads.activeApps('ten_other'))).toEqual([app._id])
    await writer.apiKeys.revoke('ten_other', document._id, 'a')
    await writer.apps.setActive('ten_other', app._id, false, 'a')
    await new Promise((resolve) => setTimeout(resolve, 250))
    expect(await reader.publishReads.activeApiKey(key)).toBeNull()
    expect(await reader.publishReads.activeApps('ten_other')).toEqual([])
  })

  it('sees an app the worker turned off (a store without a cache) within the max age', async () => {
    const reader = cachedStore(150)
    const worker = openStore(database.db, { secretKey })
    const app = await worker.apps.create(appInput('ten_worker_off'))
    expect(ids(await reader.publishReads.activeApps('ten_worker_off'))).toEqual([app._id])
    await worker.apps.deactivate(app._id, 'endpoint gone')
    await sleep(250)
    expect(await reader.publishReads.activeApps('ten_worker_off')).toEqual([])
  })

  it('keeps a read no longer than the stale limit: a change behind every store’s back is seen then', async () => {
    // A limit well above the first wait: a stalled machine must not age the read out before the first look.
    const reader = cachedStore(50, 1_500)
    const app = await reader.apps.create(appInput('ten_stale'))
    expect(ids(await reader.publishReads.activeApps('ten_stale'))).toEqual([app._id])
    await hooklineCollections(database.db).apps.updateOne({ _id: app._id }, { $set: { active: false } })
    await sleep(150)
    expect(ids(await reader.publishReads.activeApps('ten_stale')), 'the mark did not change').toEqual([app._id])
    await sleep(1_500)
    expect(await reader.publishReads.activeApps('ten_stale'), 'past the stale limit').toEqual([])
  })

  it('hands out frozen documents: they are shared between requests', async () => {
    const store = cachedStore()
    await store.apps.create(appInput('ten_frozen'))
    const [app] = await store.publishReads.activeApps('ten_frozen')
    expect(Object.isFrozen(app)).toBe(true)
    expect(() => {
      ;(app as { name: string }).name = 'changed'
    }).toThrow(TypeError)
  })
})

describe('publishReads with the cache off (0)', () => {
  it('reads every time', async () => {
    const store = openStore(database.db, { secretKey, publishReadCacheMs: 0 })
    const app = await store.apps.create(appInput('ten_off'))
    expect(ids(await store.publishReads.activeApps('ten_off'))).toEqual([app._id])
    await hooklineCollections(database.db).apps.updateOne({ _id: app._id }, { $set: { active: false } })
    expect(await store.publishReads.activeApps('ten_off')).toEqual([])
  })
})

describe('a burst of publishers with a cold cache', () => {
  const connection = connectDatabase(testDatabaseUri(), { defaultDatabaseName: uniqueDatabaseName('store-publish-burst') })
  afterAll(async () => {
    await connection.db.dropDatabase().catch(() => undefined)
    await connection.close()
  })

  it('costs one database read per key, tenant and app list, and one of the change mark, not one per publisher', async () => {
    const store: Store = openStore(connection.db, { secretKey, publishReadCacheMs: minute })
    const { key } = await store.apiKeys.create({ tenantId: 'ten_burst', name: 'Portal', scopes: ['events:publish'], createdBy: 'a' })
    await store.tenants.create({ id: 'ten_burst', name: 'Burst', createdBy: 'a' })
    await store.apps.create(appInput('ten_burst'))
    const finds: string[] = []
    const stop = watchDatabaseCommands(connection.client, { sent: (name, _bytes, collection) => void (name === 'find' && finds.push(collection)), answered: () => undefined })
    try {
      const burst = Array.from({ length: 200 }, () =>
        Promise.all([store.publishReads.activeApiKey(key), store.publishReads.tenant('ten_burst'), store.publishReads.activeApps('ten_burst')]),
      )
      const answers = await Promise.all(burst)
      expect(answers.every(([apiKey, tenant, apps]) => apiKey?.tenantId === 'ten_burst' && tenant?.name === 'Burst' && apps.length === 1)).toBe(true)
    } finally {
      stop()
    }
    expect(finds.sort()).toEqual([collectionNames.apiKeys, collectionNames.apps, collectionNames.publishReadChanges, collectionNames.tenants].sort())
  })
})

describe('many keys and tenants behind one cache', () => {
  const connection = connectDatabase(testDatabaseUri(), { defaultDatabaseName: uniqueDatabaseName('store-publish-many') })
  afterAll(async () => {
    await connection.db.dropDatabase().catch(() => undefined)
    await connection.close()
  })

  it('reads the change mark once per max age instead of every key, tenant and app list again', async () => {
    const maxAgeMs = 100
    const store: Store = openStore(connection.db, { secretKey, publishReadCacheMs: maxAgeMs })
    const tenants = await Promise.all(
      Array.from({ length: 20 }, async (_, index) => {
        const tenantId = `ten_many_${index}`
        await store.tenants.create({ id: tenantId, name: `Portal ${index}`, createdBy: 'a' })
        await store.apps.create(appInput(tenantId))
        const { key } = await store.apiKeys.create({ tenantId, name: 'Portal', scopes: ['events:publish'], createdBy: 'a' })
        return { tenantId, key }
      }),
    )
    const readAll = () =>
      Promise.all(tenants.map(({ tenantId, key }) => Promise.all([store.publishReads.activeApiKey(key), store.publishReads.tenant(tenantId), store.publishReads.activeApps(tenantId)])))
    await readAll()
    const finds = new Map<string, number>()
    const stop = watchDatabaseCommands(connection.client, {
      sent: (name, _bytes, collection) => void (name === 'find' && finds.set(collection, (finds.get(collection) ?? 0) + 1)),
      answered: () => undefined,
    })
    const startedAt = performance.now()
    try {
      while (performance.now() - startedAt < 6 * maxAgeMs) {
        const answers = await readAll()
        expect(answers.every(([apiKey, tenant, apps]) => apiKey !== null && tenant !== null && apps.length === 1)).toBe(true)
        await sleep(10)
      }
    } finally {
      stop()
    }
    const elapsedMs = performance.now() - startedAt
    // Without the mark every read is made again once it is older than the max age: six times 60 here.
    expect(Object.fromEntries(finds), 'nothing read again but the mark').toEqual({ [collectionNames.publishReadChanges]: finds.get(collectionNames.publishReadChanges) })
    expect(finds.get(collectionNames.publishReadChanges)).toBeGreaterThanOrEqual(1)
    expect(finds.get(collectionNames.publishReadChanges)).toBeLessThanOrEqual(Math.ceil(elapsedMs / maxAgeMs) + 1)
  })
})
