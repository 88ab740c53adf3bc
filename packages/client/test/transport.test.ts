import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import '@hookline/plugin-media'
import { mediaUpdatedExample } from '@hookline/plugin-media'
import { afterEach, describe, expect, it } from 'vitest'
import { createHooklineClient, HooklineError, isHooklineError } from '../src/index.ts'

// A real HTTP server on loopback that answers from a script, and records what it was sent.
interface Seen {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
  at: number
}
type Answer = (seen: Seen, index: number) => { status: number; headers?: Record<string, string>; body?: unknown }

const servers: { close(): void }[] = []
afterEach(() => {
  for (const server of servers.splice(0)) server.close()
})

async function scriptedServer(answer: Answer) {
  const seen: Seen[] = []
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      const entry = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body, at: Date.now() }
      seen.push(entry)
      const reply = answer(entry, seen.length - 1)
      const isProblem = reply.status >= 400
      response.writeHead(reply.status, { 'content-type': isProblem ? 'application/problem+json' : 'application/json', ...reply.headers })
      response.end(reply.body === undefined ? '' : JSON.stringify(reply.body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  servers.push({ close: () => (server.closeAllConnections(), server.close()) })
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen }
}

const problem = (status: number, detail: string, extra: Record<string, unknown> = {}) => ({ type: 'https://hookline.dev/problems/x', title: 'T', status, detail, ...extra })

describe('retries', () => {
  it('retries 503 and 429 after Retry-After, with the same Idempotency-Key, then succeeds', async () => {
    const server = await scriptedServer((_seen, index) =>
      index === 0
        ? { status: 503, headers: { 'retry-after': '1' }, body: problem(503, 'database down') }
        : index === 1
          ? { status: 429, body: problem(429, 'slow down') }
          : { status: 202, body: { id: 'evt_1', deliveries: 2 } },
    )
    const client = createHooklineClient({ baseUrl: server.url, token: 'hk_x', retry: { baseDelayMs: 50, maxDelayMs: 2_000 } })
    const result = await client.events.publish(mediaUpdatedExample)
    expect(result).toEqual({ id: 'evt_1', deliveries: 2, replayed: false })
    expect(server.seen).toHaveLength(3)
    const keys = server.seen.map((seen) => seen.headers['idempotency-key'])
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/)
    expect(new Set(keys).size).toBe(1)
    expect(server.seen[1]!.at - server.seen[0]!.at).toBeGreaterThanOrEqual(950)
    expect(server.seen[0]!.headers.authorization).toBe('Bearer hk_x')
  })

  it('gives up after maxAttempts with the last problem document', async () => {
    const server = await scriptedServer(() => ({ status: 503, headers: { 'retry-after': '0' }, body: problem(503, 'still down') }))
    const client = createHooklineClient({ baseUrl: server.url, token: 't', retry: { maxAttempts: 3, baseDelayMs: 10 } })
    const error = await client.apps.list().catch((caught: unknown) => caught)
    expect(isHooklineError(error)).toBe(true)
    expect(error).toMatchObject({ kind: 'api', status: 503, attempts: 3, problem: { detail: 'still down' } })
    expect(server.seen).toHaveLength(3)
  })

  it('does not retry other 4xx: the error carries the problem document and its field errors', async () => {
    const server = await scriptedServer(() => ({
      status: 400,
      body: problem(400, 'The event is not valid; nothing was stored.', { errors: [{ path: '/subjectDetail/title', message: 'must be string' }] }),
    }))
    const client = createHooklineClient({ baseUrl: server.url, token: 't' })
    const error = (await client.events.publish(mediaUpdatedExample).catch((caught: unknown) => caught)) as HooklineError
    expect(error).toBeInstanceOf(HooklineError)
    expect(error.status).toBe(400)
    expect(error.problem?.errors).toEqual([{ path: '/subjectDetail/title', message: 'must be string' }])
    expect(error.problemType).toBe('x')
    expect(server.seen).toHaveLength(1)
  })

  it('retries a network failure of an idempotent request, and not of a plain POST', async () => {
    const closed = await scriptedServer(() => ({ status: 200 }))
    servers.pop()!.close()
    const client = createHooklineClient({ baseUrl: closed.url, token: 't', retry: { maxAttempts: 2, baseDelayMs: 10 } })
    const publish = await client.events.publish(mediaUpdatedExample).catch((caught: unknown) => caught)
    expect(publish).toMatchObject({ kind: 'network', attempts: 2 })
    expect((publish as Error).cause).toBeDefined()
    const create = await client.apps.create({ name: 'A', endpoint: 'https://example.com' }).catch((caught: unknown) => caught)
    expect(create).toMatchObject({ kind: 'network', attempts: 1 })
  })
})

describe('publishMany', () => {
  it('splits 1,001 events into requests of 500, 500 and 1, each with its own key', async () => {
    const server = await scriptedServer((seen) => {
      const events = (JSON.parse(seen.body) as { events: unknown[] }).events
      return { status: 202, body: { events: events.map((_event, index) => ({ id: `evt_${index}`, deliveries: 0 })) } }
    })
    const client = createHooklineClient({ baseUrl: server.url, token: 't' })
    const events = Array.from({ length: 1001 }, (_unused, index) => ({ ...mediaUpdatedExample, subjectId: index + 1 }))
    const result = await client.events.publishMany(events, { idempotencyKey: 'import-42' })
    expect(server.seen.map((seen) => (JSON.parse(seen.body) as { events: unknown[] }).events.length)).toEqual([500, 500, 1])
    expect(server.seen.map((seen) => seen.headers['idempotency-key'])).toEqual(['import-42:0', 'import-42:1', 'import-42:2'])
    expect(result.events).toHaveLength(1001)
    expect(result.batches.map((batch) => batch.size)).toEqual([500, 500, 1])
  })

  it('refuses a batch size above the API limit before sending anything', async () => {
    const client = createHooklineClient({ baseUrl: 'http://127.0.0.1:1', token: 't' })
    await expect(client.events.publishMany([mediaUpdatedExample], { batchSize: 501 })).rejects.toThrow(RangeError)
  })
})
