import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import '@hookline/plugin-media'
import { mediaDeletedExample, mediaUpdatedExample } from '@hookline/plugin-media'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateOpenApiTypes } from '../scripts/openapi-types.ts'
import { operationRoutes } from '../src/operations.ts'
import { createHooklineClient, HooklineError, type HooklineClient } from '../src/index.ts'
import { startLiveApi, type LiveApi } from './support/live-api.ts'

// The client against the real API on the test run's database.
let live: LiveApi
let publisher: HooklineClient
let manager: HooklineClient
let receiver: Server
let receiverUrl: string

beforeAll(async () => {
  live = await startLiveApi('client-live')
  publisher = createHooklineClient({ baseUrl: live.baseUrl, token: live.publisherKey })
  manager = createHooklineClient({ baseUrl: live.baseUrl, token: live.managerToken })
  receiver = createServer((_request, response) => response.writeHead(204).end())
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`
})
afterAll(async () => {
  receiver?.closeAllConnections()
  receiver?.close()
  await live?.close()
})

describe('events', () => {
  it('publishes a typed media.updated, and a repeat with the same key is answered, not stored again', async () => {
    const first = await publisher.events.publish(mediaUpdatedExample, { idempotencyKey: 'client-live-1' })
    expect(first).toMatchObject({ id: expect.stringMatching(/^evt_/), replayed: false })
    const again = await publisher.events.publish(mediaUpdatedExample, { idempotencyKey: 'client-live-1' })
    expect(again).toEqual({ ...first, replayed: true })
  })

  it('turns a 400 into a HooklineError with the problem document', async () => {
    const broken = { ...mediaUpdatedExample, subjectDetail: { ...mediaUpdatedExample.subjectDetail, title: 42 } }
    const error = await publisher.events.publish(broken as never).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(HooklineError)
    expect(error).toMatchObject({ kind: 'api', status: 400, problem: { status: 400 } })
    expect((error as HooklineError).problem?.errors).toContainEqual(expect.objectContaining({ path: '/subjectDetail/title' }))
  })

  it('publishes 1,001 events in three requests', async () => {
    const events = Array.from({ length: 1001 }, (_unused, index) => ({ ...(index % 2 ? mediaUpdatedExample : mediaDeletedExample), subjectId: index + 1 }))
    const result = await publisher.events.publishMany(events)
    expect(result.batches.map((batch) => batch.size)).toEqual([500, 500, 1])
    expect(new Set(result.events.map((event) => event.id)).size).toBe(1001)
  }, 120_000)
})

describe('apps, logs and exports', () => {
  it('registers an app with a secret from the API, then reads it back, lists logs and exports them', async () => {
    const { secret } = await manager.apps.newSigningSecret()
    const app = await manager.apps.create({ name: 'Client test', endpoint: receiverUrl, signingSecret: secret, events: { categories: ['media'], types: [] } })
    expect(app.id).toBe(app.appId)
    expect(await manager.apps.signingSecret(app.appId)).toEqual({ secret })
    expect((await manager.apps.get(app.appId)).name).toBe('Client test')
    expect((await manager.apps.list({ search: 'Client test' })).items.map((item) => item.appId)).toEqual([app.appId])

    await publisher.events.publish(mediaUpdatedExample)
    const logs = await manager.logs.list({ appId: app.appId })
    expect(logs.items).toHaveLength(1)
    expect(logs.items[0]).toMatchObject({ appId: app.appId, eventType: 'media.updated' })
    const csv = await manager.exports.download({ appId: app.appId, format: 'csv' })
    expect(csv.contentType).toMatch(/^text\/csv/)
    expect(csv.fileName).toMatch(/\.csv$/)
    expect(new TextDecoder().decode(csv.bytes)).toContain('media.updated')

    const missing = await manager.apps.get('app_missing').catch((caught: unknown) => caught)
    expect(missing).toMatchObject({ status: 404, problem: { status: 404 } })
  })
})

describe('the client cannot drift from the OpenAPI document', () => {
  let document: { paths: Record<string, Record<string, { operationId: string }>> }
  beforeAll(async () => {
    document = (await (await fetch(`${live.baseUrl}/api/v1/openapi.json`)).json()) as typeof document
  })

  it('calls every operation at the path and method the document gives it', () => {
    for (const [operationId, [method, path]] of Object.entries(operationRoutes)) {
      expect(document.paths[path]?.[method.toLowerCase()]?.operationId, `${method} ${path}`).toBe(operationId)
    }
  })

  it('is typed by declarations generated from exactly this document', async () => {
    const committed = await readFile(new URL('../src/generated/openapi.ts', import.meta.url), 'utf8')
    const fresh = await generateOpenApiTypes(document as unknown as Record<string, unknown>)
    // On a difference: `pnpm --filter @hookline/client generate <API base URL>` refreshes the file.
    expect(committed === fresh, 'src/generated/openapi.ts is stale: regenerate it from the API').toBe(true)
  })
})
