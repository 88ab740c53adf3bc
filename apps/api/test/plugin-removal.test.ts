import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startReceiver, type Receiver } from './support/receiver.ts'
import { startTestApi, type TestApi } from './support/test-api.ts'

// A quiz plugin is loaded, an app subscribes to it, then the API restarts on
// the same database without the plugin: nothing the user saved may be lost.
const quizPlugin = fileURLToPath(new URL('./fixtures/plugins/quiz', import.meta.url))

let withPlugin: TestApi
let withoutPlugin: TestApi
let receiver: Receiver
let appId: string
let mediaExample: unknown
let quizExample: unknown

beforeAll(async () => {
  receiver = await startReceiver()
  withPlugin = await startTestApi('api-plugin-removal', { HOOKLINE_PLUGINS: quizPlugin })
  const catalog = (await withPlugin.request('GET', '/api/v1/event-types', { token: withPlugin.operator.token })).body
  quizExample = catalog.categories.find((category: { id: string }) => category.id === 'quiz').events[0].example
  mediaExample = catalog.categories.find((category: { id: string }) => category.id === 'media').events.find((event: { type: string }) => event.type === 'media.updated').example
  const created = await withPlugin.request('POST', '/api/v1/apps', {
    token: withPlugin.operator.token,
    body: { name: 'Quiz results', endpoint: receiver.url, events: { categories: ['quiz', 'media'], types: ['quiz.completed', 'media.viewed'] } },
  })
  expect(created.status, created.text).toBe(201)
  expect(created.body).toMatchObject({ unknownCategories: [], unknownTypes: [] })
  appId = created.body.appId
  withoutPlugin = await startTestApi('api-plugin-removal', {}, withPlugin.database)
})
afterAll(async () => {
  await withoutPlugin?.close()
  await withPlugin?.close()
  await receiver.close()
})

const get = () => withoutPlugin.request('GET', `/api/v1/apps/${appId}`, { token: withoutPlugin.operator.token })
const patch = (body: unknown) => withoutPlugin.request('PATCH', `/api/v1/apps/${appId}`, { token: withoutPlugin.operator.token, body })

describe('an app subscribed to a plugin that is no longer loaded', () => {
  it('keeps the subscription and marks the unknown entries', async () => {
    const reply = await get()
    expect(reply.status).toBe(200)
    expect(reply.body.events).toEqual({ categories: ['quiz', 'media'], types: ['quiz.completed', 'media.viewed'] })
    expect(reply.body).toMatchObject({ unknownCategories: ['quiz'], unknownTypes: ['quiz.completed'] })
    const list = await withoutPlugin.request('GET', '/api/v1/apps', { token: withoutPlugin.operator.token })
    expect(list.body.items.find((app: { appId: string }) => app.appId === appId)).toMatchObject({ unknownCategories: ['quiz'] })
  })

  it('still receives the events that are loaded; publishing the unknown type is a 400', async () => {
    const published = await withoutPlugin.request('POST', '/api/v1/events', { token: withoutPlugin.operator.token, body: mediaExample })
    expect(published.status, published.text).toBe(202)
    expect(published.body.deliveries).toBe(1)
    const refused = await withoutPlugin.request('POST', '/api/v1/events', { token: withoutPlugin.operator.token, body: quizExample })
    expect(refused.status).toBe(400)
    expect(refused.text).toContain('quiz.started')
  })

  it('saving the subscription back as it is keeps the unknown entries', async () => {
    const reply = await patch({ name: 'Quiz results (renamed)', events: { categories: ['quiz', 'media', 'metadata'], types: ['quiz.completed', 'media.viewed'] } })
    expect(reply.status, reply.text).toBe(200)
    expect(reply.body.events).toEqual({ categories: ['quiz', 'media', 'metadata'], types: ['quiz.completed', 'media.viewed'] })
    expect(reply.body).toMatchObject({ unknownCategories: ['quiz'], unknownTypes: ['quiz.completed'] })
    // A change that does not touch the subscription keeps it too.
    expect((await patch({ retries: 2 })).body.events.categories).toContain('quiz')
  })

  it('refuses an unknown entry the app did not have before', async () => {
    const reply = await patch({ events: { categories: ['quiz', 'polls'], types: [] } })
    expect(reply.status).toBe(400)
    expect(reply.body.errors).toEqual([{ path: 'events.categories.1', message: '"polls" is not a category in the catalog' }])
    expect((await get()).body.events.categories).toContain('quiz')
  })

  it('drops an unknown entry only when the user removes it', async () => {
    const reply = await patch({ events: { categories: ['media'], types: ['quiz.completed'] } })
    expect(reply.status, reply.text).toBe(200)
    expect(reply.body).toMatchObject({ events: { categories: ['media'], types: ['quiz.completed'] }, unknownCategories: [], unknownTypes: ['quiz.completed'] })
  })
})
