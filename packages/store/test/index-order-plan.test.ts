// The reading of an explained find that decides whether the log is read in
// one query (indexOrderedSort) and whether an ordered list index must be
// rebuilt: checked on the plan forms of the servers we know (trimmed from
// real answers) and on this machine's server against what it really does.
import { openTestDatabase, type TestDatabase } from '@hookline/dev-db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isServedInIndexOrder } from '../src/capabilities/index-order-plan.ts'
import { detectServerCapabilities, ensureIndexes, indexCatalogue, type ServerCapabilities } from '../src/index.ts'

// DocumentDB 0.106 through FerretDB 2.5, with and without its extended RUM index and order-by pushdown.
const documentDbOrdered = {
  queryPlanner: {
    Plan: {
      'Node Type': 'Limit',
      Plans: [{ 'Node Type': 'Index Scan', 'Index Name': 'tenant_list', 'Index Cond': '(document @= tenantId)', 'Order By': '((document |-<> createdAt) AND (document |-<> _id))' }],
    },
  },
}
const documentDbSorted = {
  queryPlanner: {
    Plan: {
      'Node Type': 'Limit',
      Plans: [
        {
          'Node Type': 'Sort',
          'Sort Key': ['bson_orderby(document, createdAt) DESC NULLS LAST', 'object_id DESC'],
          Plans: [{ 'Node Type': 'Index Scan', 'Index Name': 'tenant_list', 'Index Cond': '(document @= tenantId)' }],
        },
      ],
    },
  },
}
const documentDbBitmap = {
  queryPlanner: { Plan: { 'Node Type': 'Limit', Plans: [{ 'Node Type': 'Sort', Plans: [{ 'Node Type': 'Bitmap Heap Scan', Plans: [{ 'Node Type': 'Bitmap Index Scan' }] }] }] } },
}
// MongoDB's form (queryPlanner.winningPlan), as its explain documentation shows it.
const mongoIndexWalk = {
  queryPlanner: { winningPlan: { stage: 'LIMIT', inputStage: { stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: 'tenant_list', direction: 'forward' } } } },
}
const mongoSorted = {
  queryPlanner: { winningPlan: { stage: 'SORT', inputStage: { stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: 'tenant_portal_event_list' } } } },
}

describe('a plan served in index order', () => {
  it('is an index walk with no sort on top, in either server’s form', () => {
    expect(isServedInIndexOrder(documentDbOrdered)).toBe(true)
    expect(isServedInIndexOrder(mongoIndexWalk)).toBe(true)
  })

  it('is not a plan that sorts what an index found, nor one without an index, nor an answer with no plan', () => {
    expect(isServedInIndexOrder(documentDbSorted)).toBe(false)
    expect(isServedInIndexOrder(documentDbBitmap)).toBe(false)
    expect(isServedInIndexOrder(mongoSorted)).toBe(false)
    expect(isServedInIndexOrder({ queryPlanner: { winningPlan: { stage: 'COLLSCAN' } } })).toBe(false)
    expect(isServedInIndexOrder({ queryPlanner: {} })).toBe(false)
    expect(isServedInIndexOrder({})).toBe(false)
  })
})

describe('on this machine’s server', () => {
  let database: TestDatabase
  let profile: ServerCapabilities
  beforeAll(async () => {
    database = await openTestDatabase('store-index-order-plan')
    profile = await detectServerCapabilities(database.db, database.client)
    await ensureIndexes(database.db, profile)
  })
  afterAll(() => database?.drop())

  it('each list index serves the log’s newest-first sort in order exactly where the probe said the server can', async () => {
    const deliveries = database.db.collection('deliveries')
    await deliveries.insertMany(Array.from({ length: 20 }, (_, row) => ({ _id: `dlv_${row}`, tenantId: 'ten_a', appId: 'app_a', status: 'delivered', eventType: 'media.created', createdAt: new Date(Date.UTC(2026, 0, 1, 0, row)) })) as never)
    const shapes: [string, Record<string, string>][] = [
      ['tenant_list', { tenantId: 'ten_a' }],
      ['tenant_app_list', { tenantId: 'ten_a', appId: 'app_a' }],
      ['tenant_status_list', { tenantId: 'ten_a', status: 'delivered' }],
      ['tenant_type_list', { tenantId: 'ten_a', eventType: 'media.created' }],
    ]
    expect(shapes.map(([name]) => name).sort()).toEqual((indexCatalogue.deliveries ?? []).filter((spec) => spec.ordered).map((spec) => spec.name).sort())
    for (const [index, filter] of shapes) {
      const explained = await deliveries.find(filter).sort({ createdAt: -1, _id: -1 }).hint(index).limit(5).explain()
      expect(isServedInIndexOrder(explained), index).toBe(profile.indexOrderedSort)
    }
  })
})
