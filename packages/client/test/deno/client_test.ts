// The client on Deno, against a real Deno.serve server on loopback: fetch
// only, so it runs unchanged. A local category type shows that payload
// typing works by declaration merging here too.
import { createHooklineClient, isHooklineError } from '../../src/index.ts'

declare module '@hookline/core' {
  interface EventPayloadMap {
    'demo.pinged': { note: string }
  }
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message)
}

interface Seen {
  headers: Headers
  body: string
}

async function withServer(handler: (index: number) => Response, run: (url: string, seen: Seen[]) => Promise<void>) {
  const seen: Seen[] = []
  const server = Deno.serve({ hostname: '127.0.0.1', port: 0, onListen() {} }, async (request) => {
    seen.push({ headers: request.headers, body: await request.text() })
    return handler(seen.length - 1)
  })
  try {
    await run(`http://127.0.0.1:${server.addr.port}`, seen)
  } finally {
    await server.shutdown()
  }
}

const event = { type: 'demo.pinged', subjectId: 1, subjectTitle: 'Ping', subjectDetail: { note: 'hello' } } as const

Deno.test('publish retries a 503 after Retry-After with the same Idempotency-Key', async () => {
  await withServer(
    (index) =>
      index === 0
        ? Response.json({ type: 'x', title: 'Service Unavailable', status: 503, detail: 'down' }, { status: 503, headers: { 'retry-after': '0' } })
        : Response.json({ id: 'evt_1', deliveries: 1 }, { status: 202, headers: { 'idempotent-replayed': 'true' } }),
    async (url, seen) => {
      const client = createHooklineClient({ baseUrl: url, token: 'hk_deno', retry: { baseDelayMs: 10 } })
      const result = await client.events.publish(event)
      assert(result.id === 'evt_1' && result.replayed, `unexpected result ${JSON.stringify(result)}`)
      assert(seen.length === 2, `expected 2 requests, saw ${seen.length}`)
      const keys = seen.map((request) => request.headers.get('idempotency-key'))
      assert(keys[0] !== null && keys[0] === keys[1], `keys differ: ${keys.join(', ')}`)
      assert(seen[0]!.headers.get('authorization') === 'Bearer hk_deno', 'no bearer token')
    },
  )
})

Deno.test('publishMany sends batches of 500 and errors carry the problem document', async () => {
  await withServer(
    (index) => {
      if (index === 2) return Response.json({ type: 'x', title: 'Bad Request', status: 400, detail: 'no', errors: [{ path: '/events/0', message: 'bad' }] }, { status: 400 })
      return Response.json({ events: Array.from({ length: 500 }, (_unused, item) => ({ id: `evt_${item}`, deliveries: 0 })) }, { status: 202 })
    },
    async (url, seen) => {
      const client = createHooklineClient({ baseUrl: url, token: 't' })
      const events = Array.from({ length: 1200 }, () => event)
      const batches: number[] = []
      const error = await client.events.publishMany(events, { onBatch: (published) => batches.push(published.length) }).catch((caught: unknown) => caught)
      assert(isHooklineError(error) && error.status === 400 && error.problem?.errors?.[0]?.path === '/events/0', `unexpected error ${String(error)}`)
      assert(JSON.stringify(batches) === '[500,500]', `batches ${JSON.stringify(batches)}`)
      const sizes = seen.map((request) => (JSON.parse(request.body) as { events: unknown[] }).events.length)
      assert(JSON.stringify(sizes) === '[500,500,200]', `sizes ${JSON.stringify(sizes)}`)
    },
  )
})
