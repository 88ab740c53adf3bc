// Every index of the catalogue exists after ensureIndexes on the real
// database, with its key, and docs/INDEXES.md lists each one with its queries.
import { readFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { openTestDatabase } from '@hookline/dev-db/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { indexCatalogue, openStore } from '../src/index.ts'

const database = await openTestDatabase('store-index-catalogue')
afterAll(() => database.drop())

describe('the index catalogue', () => {
  it('is created at start, every index with its key (retention’s may be TTL indexes of the same name)', async () => {
    const store = openStore(database.db, { secretKey: randomBytes(32) })
    // What a worker does at start: the indexes, then retention's (TTL indexes where the server has them).
    await store.ensureIndexes()
    await store.retention.enforce(30)
    await store.ensureIndexes() // idempotent: a second start changes nothing and does not fail
    await store.retention.enforce(30)
    for (const [collection, specs] of Object.entries(indexCatalogue)) {
      const existing = new Map((await database.db.collection(collection).listIndexes().toArray()).map((index) => [index.name as string, index]))
      for (const spec of specs ?? []) {
        expect(existing.get(spec.name)?.key, `${collection}.${spec.name}`).toEqual(spec.key)
      }
    }
  })

  it('is the one docs/INDEXES.md lists: every index by name, with the queries it serves', async () => {
    const doc = await readFile(new URL('../../../docs/INDEXES.md', import.meta.url), 'utf8')
    for (const [collection, specs] of Object.entries(indexCatalogue)) {
      for (const spec of specs ?? []) {
        const row = doc.split('\n').find((line) => line.startsWith(`| \`${collection}\` | \`${spec.name}\``))
        expect(row, `${collection}.${spec.name} in docs/INDEXES.md`).toBeDefined()
        expect(row).toContain(`\`${JSON.stringify(spec.key)}\``)
        for (const query of spec.serves) expect(row).toContain(query)
      }
    }
  })
})
