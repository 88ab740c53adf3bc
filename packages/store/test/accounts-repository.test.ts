import { randomBytes } from 'node:crypto'
import { openTestDatabase, type TestDatabase } from '@hookline/dev-db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashApiKey, hooklineCollections, openStore, StoreError, type Store } from '../src/index.ts'

let database: TestDatabase
let store: Store

beforeAll(async () => {
  database = await openTestDatabase('store-accounts')
  store = openStore(database.db, { secretKey: randomBytes(32) })
  await store.ensureIndexes()
})
afterAll(() => database.drop())

describe('users repository', () => {
  it('lower-cases emails and refuses a duplicate within a tenant only', async () => {
    const base = { name: 'Ann', role: 'Manager' as const, passwordHash: 'h', createdBy: 'seed' }
    const user = await store.users.create({ ...base, tenantId: 'ten_1', email: ' Ann@Example.COM ' })
    expect(user.email).toBe('ann@example.com')
    await expect(store.users.create({ ...base, tenantId: 'ten_1', email: 'ann@example.com' })).rejects.toMatchObject({
      code: 'duplicate',
    })
    await expect(store.users.create({ ...base, tenantId: 'ten_2', email: 'ann@example.com' })).resolves.toBeTruthy()
    expect(await store.users.findByEmail('ANN@example.com')).toHaveLength(2)
  })

  it('changes role and disables within the tenant', async () => {
    const user = await store.users.create({ tenantId: 'ten_3', email: 'b@example.com', name: 'B', role: 'Viewer', passwordHash: 'h', createdBy: 'x' })
    expect(await store.users.update('ten_other', user._id, { role: 'Administrator' }, 'x')).toBeNull()
    const updated = await store.users.update('ten_3', user._id, { role: 'Moderator', disabled: true }, 'admin')
    expect(updated).toMatchObject({ role: 'Moderator', disabled: true, updatedBy: 'admin' })
  })
})

describe('api keys repository', () => {
  it('records a key’s last use, at most once a minute per key', async () => {
    let clock = new Date('2026-12-02T10:00:00Z')
    const clocked = openStore(database.db, { secretKey: randomBytes(32), now: () => clock })
    const { document } = await clocked.apiKeys.create({ tenantId: 'ten_t', name: 'Touched', scopes: ['events:publish'], createdBy: 'a' })
    const lastUsedAt = async () => (await hooklineCollections(database.db).apiKeys.findOne({ _id: document._id }))?.lastUsedAt
    expect(await lastUsedAt()).toBeUndefined()
    await clocked.apiKeys.touch(document._id)
    expect(await lastUsedAt()).toEqual(clock)
    const first = clock
    clock = new Date(first.getTime() + 30_000)
    await clocked.apiKeys.touch(document._id)
    expect(await lastUsedAt(), 'within the minute: not written again').toEqual(first)
    clock = new Date(first.getTime() + 61_000)
    await clocked.apiKeys.touch(document._id)
    expect(await lastUsedAt()).toEqual(clock)
  })

  it('stores only the hash and a short prefix, and stops matching once revoked', async () => {
    const { document, key } = await store.apiKeys.create({ tenantId: 'ten_k', name: 'CMS', scopes: ['events:publish', 'events:publish'], createdBy: 'a' })
    expect(key).toMatch(/^hk_[A-Za-z0-9_-]{43}$/)
    expect(document.prefix).toBe(key.slice(0, 11))
    expect(document.scopes).toEqual(['events:publish'])
    const raw = await hooklineCollections(database.db).apiKeys.findOne({ _id: document._id })
    expect(JSON.stringify(raw)).not.toContain(key)
    expect(raw?.hash).toBe(hashApiKey(key))

    expect((await store.apiKeys.findActive(key))?._id).toBe(document._id)
    expect(await store.apiKeys.revoke('ten_other', document._id, 'a')).toBeNull()
    expect((await store.apiKeys.revoke('ten_k', document._id, 'a'))?.revokedAt).toBeInstanceOf(Date)
    expect(await store.apiKeys.findActive(key)).toBeNull()
  })

  it('has no key for a random string', async () => {
    expect(await store.apiKeys.findActive(`hk_${randomBytes(32).toString('base64url')}`)).toBeNull()
  })
})

describe('errors', () => {
  it('StoreError carries a code and a cause', () => {
    const cause = new Error('driver')
    const error = new StoreError('conflict', 'changed meanwhile', { cause })
    expect(error).toMatchObject({ code: 'conflict', cause })
  })
})

describe('indexes', () => {
  it('can be created again at every start', async () => {
    await store.ensureIndexes()
    await store.ensureIndexes()
    const names = (await hooklineCollections(database.db).users.indexes()).map((index) => index.name)
    expect(names).toEqual(expect.arrayContaining(['tenant_email_unique', 'email', 'tenant_list']))
    const keyIndexes = await hooklineCollections(database.db).apiKeys.indexes()
    expect(keyIndexes.find((index) => index.name === 'hash_unique')?.unique).toBe(true)
  })
})
