import { officialCategoryPackages } from '@hookline/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadEventRegistry } from '../src/catalog.ts'
import { startReceiver } from '@hookline/test-receiver'
import { startTestApi, type TestApi } from './support/test-api.ts'

let t: TestApi

beforeAll(async () => {
  t = await startTestApi('api-event-types')
})
afterAll(() => t.close())

describe('GET /api/v1/event-types', () => {
  it('lists the four official categories and the built-in system one, with each event’s schema and a valid example', async () => {
    const viewer = await t.createUser('Viewer')
    const reply = await t.request('GET', '/api/v1/event-types', { token: viewer.token })
    expect(reply.status).toBe(200)
    const sources = reply.body.categories.map((category: { source: string }) => category.source)
    expect(sources).toEqual([...officialCategoryPackages, '@hookline/core (built in)'])
    // Each plugin category names the package version it came from.
    for (const category of reply.body.categories.filter((item: { source: string }) => item.source !== '@hookline/core (built in)')) {
      expect(category.sourceVersion).toMatch(/^\d+\.\d+\.\d+/)
    }
    const registry = await loadEventRegistry()
    let events = 0
    for (const category of reply.body.categories) {
      expect(category.events.length).toBeGreaterThan(0)
      for (const event of category.events) {
        events++
        expect(event).toMatchObject({ category: category.id, type: expect.stringContaining('.'), portalEventId: expect.any(String) })
        expect(event.schema).toBeTypeOf('object')
        expect(registry.validatePublishInput(event.example).valid, event.type).toBe(true)
      }
    }
    expect(events).toBe(registry.listEventTypes().length)
    expect(reply.body.categories.flatMap((category: { events: { type: string }[] }) => category.events.map((event) => event.type))).toContain(
      'media.updated',
    )
  })

  it('accepts an app subscribed to every category and every type of the catalog', async () => {
    const receiver = await startReceiver()
    try {
      const catalog = (await t.request('GET', '/api/v1/event-types', { token: t.operator.token })).body
      const categories = catalog.categories.map((category: { id: string }) => category.id)
      expect(categories).toEqual(['media', 'metadata', 'actions', 'live-session', 'system'])
      const types = catalog.categories.flatMap((category: { events: { type: string }[] }) => category.events.map((event) => event.type))
      const reply = await t.request('POST', '/api/v1/apps', {
        token: t.operator.token,
        body: { name: 'Everything', endpoint: receiver.url, events: { categories, types } },
      })
      expect(reply.status, reply.text).toBe(201)
      expect(reply.body.events).toEqual({ categories, types })
    } finally {
      await receiver.close()
    }
  })
})
