import { randomBytes } from 'node:crypto'
import { openTestDatabase, type TestDatabase } from '@hookline/dev-db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hooklineCollections, openStore, signingSecretOverlapMs, type NewApp, type Store } from '../src/index.ts'

let database: TestDatabase
let store: Store
let clock = new Date('2026-01-01T00:00:00Z')

beforeAll(async () => {
  database = await openTestDatabase('store-apps')
  store = openStore(database.db, { secretKey: randomBytes(32), now: () => clock })
  await store.ensureIndexes()
})
afterAll(() => database.drop())

function newApp(overrides: Partial<NewApp> = {}): NewApp {
  return {
    tenantId: 'ten_a',
    createdBy: 'manager@example.com',
    name: 'Media sync',
    endpoint: 'https://hooks.example.com/in',
    active: true,
    authType: 'none',
    events: { categories: ['media'], types: [] },
    headers: [],
    retries: 3,
    retryDelaySeconds: 5,
    legacySubjectDetailEncoding: false,
    ...overrides,
  }
}

describe('apps repository', () => {
  it('creates an app with an app_ id, a sealed password and a whsec_ secret', async () => {
    const app = await store.apps.create(
      newApp({
        authType: 'basic',
        username: 'u',
        password: 'p@ss-word',
        headers: [
          { name: 'X.Team', value: 'a', sensitive: false },
          { name: 'X-Api-Key', value: 'key-in-clear-nowhere', sensitive: true },
        ],
      }),
    )
    expect(app._id).toMatch(/^app_[0-9a-f]{24}$/)
    const raw = await hooklineCollections(database.db).apps.findOne({ _id: app._id })
    expect(JSON.stringify(raw)).not.toContain('p@ss-word')
    expect(JSON.stringify(raw)).not.toContain('whsec_')
    expect(JSON.stringify(raw)).not.toContain('key-in-clear-nowhere')
    expect(raw?.headers).toEqual([
      { name: 'X.Team', value: 'a', sensitive: false },
      { name: 'X-Api-Key', sealedValue: expect.any(String), sensitive: true },
    ])
    expect(store.apps.headerValues(raw!)).toEqual({ 'X.Team': 'a', 'X-Api-Key': 'key-in-clear-nowhere' })
    expect(store.apps.password(raw!)).toBe('p@ss-word')
    expect(store.apps.currentSigningSecret(raw!)).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/)
  })

  it('keeps tenants apart', async () => {
    const app = await store.apps.create(newApp())
    expect(await store.apps.get('ten_other', app._id)).toBeNull()
    expect(await store.apps.update('ten_other', app._id, { name: 'x' }, 'x')).toBeNull()
    expect(await store.apps.remove('ten_other', app._id)).toBe(false)
    expect((await store.apps.get('ten_a', app._id))?.name).toBe('Media sync')
  })

  it('rotates with a 24 h overlap, then drops the old secret', async () => {
    const app = await store.apps.create(newApp({ tenantId: 'ten_rotate' }))
    const first = store.apps.currentSigningSecret(app)
    const rotated = (await store.apps.rotateSigningSecret('ten_rotate', app._id, 'm'))!
    const second = store.apps.currentSigningSecret(rotated)
    expect(second).not.toBe(first)
    expect(store.apps.validSigningSecrets(rotated)).toEqual([second, first])

    const later = new Date(clock.getTime() + signingSecretOverlapMs + 1)
    expect(store.apps.validSigningSecrets(rotated, later)).toEqual([second])
  })

  it('updates, removes the password with null and clears the engine reason on activation', async () => {
    const app = await store.apps.create(newApp({ authType: 'basic', username: 'u', password: 'pw' }))
    const off = await store.apps.deactivate(app._id, '410 Gone from https://hooks.example.com/in')
    expect(off).toMatchObject({ active: false, deactivatedReason: '410 Gone from https://hooks.example.com/in' })
    expect(await store.apps.deactivate(app._id, 'again')).toBeNull()

    const changed = (await store.apps.update('ten_a', app._id, { authType: 'none', username: null, password: null, active: true }, 'm2'))!
    expect(changed).toMatchObject({ authType: 'none', active: true, updatedBy: 'm2' })
    expect(changed.username).toBeUndefined()
    expect(changed.sealedPassword).toBeUndefined()
    expect(changed.deactivatedReason).toBeUndefined()
  })

  it('lists newest first with cursors and searches without regex injection', async () => {
    const tenantId = 'ten_list'
    for (let index = 0; index < 5; index++) {
      clock = new Date(clock.getTime() + 1000)
      await store.apps.create(newApp({ tenantId, name: `App ${index} (v1.0)` }))
    }
    const first = await store.apps.list(tenantId, { limit: 2 })
    expect(first.items.map((app) => app.name)).toEqual(['App 4 (v1.0)', 'App 3 (v1.0)'])
    const second = await store.apps.list(tenantId, { limit: 2, cursor: first.nextCursor! })
    const third = await store.apps.list(tenantId, { limit: 2, cursor: second.nextCursor! })
    expect([...second.items, ...third.items].map((app) => app.name)).toEqual(['App 2 (v1.0)', 'App 1 (v1.0)', 'App 0 (v1.0)'])
    expect(third.nextCursor).toBeNull()

    expect((await store.apps.list(tenantId, { limit: 10, search: '2 (V1.0)' })).items).toHaveLength(1)
    expect((await store.apps.list(tenantId, { limit: 10, search: '.*' })).items).toHaveLength(0)
    await expect(store.apps.list(tenantId, { limit: 10, cursor: 'garbage' })).rejects.toThrow(/cursor/)
  })

  it('finds active apps subscribed to a type or its category', async () => {
    const tenantId = 'ten_fanout'
    const byCategory = await store.apps.create(newApp({ tenantId, events: { categories: ['media'], types: [] } }))
    const byType = await store.apps.create(newApp({ tenantId, events: { categories: [], types: ['media.updated'] } }))
    await store.apps.create(newApp({ tenantId, events: { categories: [], types: ['media.deleted'] } }))
    await store.apps.create(newApp({ tenantId, active: false, events: { categories: ['media'], types: [] } }))
    await store.apps.create(newApp({ tenantId: 'ten_elsewhere', events: { categories: ['media'], types: [] } }))
    const found = await store.apps.findSubscribed(tenantId, 'media.updated', 'media')
    expect(found.map((app) => app._id).sort()).toEqual([byCategory._id, byType._id].sort())
  })
})
