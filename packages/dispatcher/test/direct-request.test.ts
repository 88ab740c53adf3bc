// The pinned fetch sends deliver's POSTs with undici's dispatcher API instead
// of its WHATWG fetch (node/direct-request.ts), and the Node transport sends
// them on that API without building a Response at all. Every case here is
// sent all three ways: the receiver must get the same request and deliver
// must report the same outcome, down to the excerpt, the headers (their
// order too) and the error's reason.
import { randomBytes } from 'node:crypto'
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib'
import type * as undici from 'undici'
import { Agent, fetch as undiciFetch } from 'undici'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { type DeliverOptions, type FetchFunction, type PostTransport, deliver, deliveryErrorCodes } from '../src/index.ts'
import { createPinnedFetch } from '../node/index.ts'
import { readBodyExcerpt } from '../src/response-excerpt.ts'
import { deliveryRequest, loopbackPolicy } from './suite/fixtures.ts'

type UndiciModule = typeof undici
type Handler = (request: IncomingMessage, response: ServerResponse) => void

// Incompressible text, so the compressed body is large too: the cut comes while bytes are still arriving.
const bigGzip = gzipSync(randomBytes(300_000).toString('base64'))

const routes: Record<string, Handler> = {
  '/plain': (_request, response) => response.writeHead(200, { 'content-type': 'text/plain' }).end('ok'),
  '/gzip': (_request, response) => response.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('hello gzip ✓')),
  '/deflate': (_request, response) => response.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateSync('hello zlib deflate')),
  '/deflate-raw': (_request, response) => response.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateRawSync('hello raw deflate')),
  '/br-gzip': (_request, response) =>
    response.writeHead(200, { 'content-encoding': 'gzip, br' }).end(brotliCompressSync(gzipSync('two codings'))),
  // Empty bodies that claim a coding: nothing at all, and a compressed stream of nothing.
  '/deflate-empty': (_request, response) => response.writeHead(200, { 'content-encoding': 'deflate' }).end(),
  '/deflate-of-nothing': (_request, response) => response.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateSync('')),
  '/gzip-empty': (_request, response) => response.writeHead(200, { 'content-encoding': 'gzip' }).end(),
  '/br-empty': (_request, response) => response.writeHead(200, { 'content-encoding': 'br' }).end(),
  '/unknown-coding': (_request, response) => response.writeHead(200, { 'content-encoding': 'compress' }).end('left as sent'),
  '/no-content': (_request, response) => response.writeHead(204).end(),
  '/redirect': (_request, response) => response.writeHead(302, { location: '/elsewhere?token=secret' }).end('moved'),
  '/busy': (_request, response) => {
    response.statusMessage = 'Try Later Please'
    response.writeHead(503, { 'retry-after': '7', 'x-request-id': 'abc' }).end('{"error":"busy"}')
  },
  '/odd-status': (_request, response) => response.writeHead(299).end('odd'),
  '/repeated-headers': (_request, response) => {
    response.setHeader('set-cookie', ['a=1', 'b=2'])
    response.setHeader('www-authenticate', ['Basic realm="one"', 'Bearer'])
    response.writeHead(401).end('who are you')
  },
  '/big': (_request, response) => response.writeHead(200, { 'content-type': 'text/plain' }).end('é'.repeat(100_000)),
  // Cut at the excerpt's limit while still decoding: the decoder and the socket are let go of without an unhandled error.
  '/big-gzip': (_request, response) => response.writeHead(200, { 'content-encoding': 'gzip' }).end(bigGzip),
  '/reset': (request) => request.socket.destroy(),
  '/slow': () => {},
  // Exactly the excerpt's worth, then nothing: the excerpt is complete, so the attempt must not wait for more.
  '/slow-after-excerpt': (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' })
    response.write('x'.repeat(4096))
  },
  '/slow-body': (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' })
    response.write('first part, then nothing')
  },
}

const received: { path: string; headers: string[]; headerOrder: string[]; body: string }[] = []
const server = createServer((request, response) => {
  let body = ''
  request.setEncoding('utf8')
  request.on('data', (chunk: string) => (body += chunk))
  request.on('end', () => {
    const path = new URL(request.url ?? '/', 'http://x').pathname
    // Header names and values as they came on the wire, order aside.
    const headers: string[] = []
    for (let index = 0; index < request.rawHeaders.length; index += 2) headers.push(`${request.rawHeaders[index]!.toLowerCase()}: ${request.rawHeaders[index + 1]}`)
    // The names in the order they came too: receivers that log or sign headers see them in this order.
    const headerOrder = request.rawHeaders.filter((_, index) => index % 2 === 0).map((name) => name.toLowerCase())
    received.push({ path, headers: [...headers].sort(), headerOrder, body })
    ;(routes[path] ?? routes['/plain']!)(request, response)
  })
})
let origin: string
const agent = new Agent({ keepAliveTimeout: 4_000 })
const viaFetch: FetchFunction = ((input: string | URL, init?: RequestInit) =>
  undiciFetch(input, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: agent })) as unknown as FetchFunction
const pinned = createPinnedFetch({ addressPolicy: loopbackPolicy })

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  server.close()
  await Promise.all([agent.close(), pinned.close()])
})

/** deliver's outcome and what the receiver got, through one fetch or transport; the timing fields left out. */
async function sendWith(via: FetchFunction | PostTransport, url: string, options: Partial<DeliverOptions> = {}) {
  received.length = 0
  const request = deliveryRequest(url, { timestamp: new Date(1_764_000_000_000), headers: { 'X-Portal': '  tenant-7 ' } })
  const sender = via === pinned.transport ? { transport: pinned.transport } : { fetch: via as FetchFunction }
  const { durationMs: _duration, startedAt: _started, ...outcome } = await deliver(request, { addressPolicy: loopbackPolicy, timeoutMs: 5_000, ...sender, ...options })
  const responseHeaders = { ...outcome.responseHeaders }
  delete responseHeaders.date
  return { outcome: { ...outcome, responseHeaders }, received: [...received] }
}

describe('the direct request gives what fetch gives', () => {
  test.each(Object.keys(routes).filter((path) => !path.startsWith('/slow')))('%s', async (path) => {
    const expected = await sendWith(viaFetch, `${origin}${path}?q=1`)
    expect(await sendWith(pinned.fetch, `${origin}${path}?q=1`)).toEqual(expected)
    expect(await sendWith(pinned.transport, `${origin}${path}?q=1`)).toEqual(expected)
  })

  test('a refused connection', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/hook`
    closed.close()
    const actual = await sendWith(pinned.fetch, url)
    expect(actual).toEqual(await sendWith(viaFetch, url))
    expect(await sendWith(pinned.transport, url)).toEqual(actual)
    expect(actual.outcome.errorCode).toBe(deliveryErrorCodes.connectionRefused)
  })

  test('a timeout, before the response and during its body', async () => {
    const actual = await sendWith(pinned.fetch, `${origin}/slow`, { timeoutMs: 200 })
    expect(actual).toEqual(await sendWith(viaFetch, `${origin}/slow`, { timeoutMs: 200 }))
    expect(await sendWith(pinned.transport, `${origin}/slow`, { timeoutMs: 200 })).toEqual(actual)
    expect(actual.outcome.errorCode).toBe(deliveryErrorCodes.timeout)
    // The status decides; the excerpt keeps what came before the timeout.
    const cut = await sendWith(pinned.fetch, `${origin}/slow-body`, { timeoutMs: 300 })
    expect(cut).toEqual(await sendWith(viaFetch, `${origin}/slow-body`, { timeoutMs: 300 }))
    expect(await sendWith(pinned.transport, `${origin}/slow-body`, { timeoutMs: 300 })).toEqual(cut)
    expect([cut.outcome.kind, cut.outcome.responseBodyExcerpt]).toEqual(['success', 'first part, then nothing'])
  })

  test('stops reading once the excerpt is full, however long the rest of the body takes', async () => {
    for (const via of [viaFetch, pinned.fetch, pinned.transport]) {
      const started = Date.now()
      const { outcome } = await sendWith(via, `${origin}/slow-after-excerpt`, { timeoutMs: 3_000 })
      expect([outcome.kind, outcome.responseBodyExcerpt.length]).toEqual(['success', 4096])
      expect(Date.now() - started).toBeLessThan(2_000)
    }
  })

  test('an excerpt asked for after the body was let go of answers at once, as the fetch path does', async () => {
    for (const via of ['fetch', 'transport'] as const) {
      const controller = new AbortController()
      const signal = controller.signal
      const url = new URL(`${origin}/slow-body`)
      const body = '{}'
      const answer =
        via === 'transport'
          ? await pinned.transport(url, { headers: {}, body, signal })
          : await (async () => {
              const response = await pinned.fetch(url, { method: 'POST', body, redirect: 'manual', signal })
              return { readExcerpt: () => readBodyExcerpt(response) }
            })()
      controller.abort(new Error('the attempt is over'))
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(await answer.readExcerpt(4096)).toBe('')
    }
  })

  test('skips the WHATWG fetch for deliver, keeps it for every other request', async () => {
    const fetchSpy = vi.fn(undiciFetch)
    vi.doMock('undici', async (original) => ({ ...(await original<UndiciModule>()), fetch: fetchSpy }))
    try {
      vi.resetModules()
      const { createPinnedFetch: createSpied } = await import('../node/pinned-fetch.ts')
      const spied = createSpied({ addressPolicy: loopbackPolicy })
      expect((await sendWith(spied.fetch, `${origin}/plain`)).outcome.kind).toBe('success')
      expect(fetchSpy).not.toHaveBeenCalled()
      const response = await spied.fetch(`${origin}/plain`, { method: 'POST', body: '{}' })
      expect(await response.text()).toBe('ok')
      expect(fetchSpy).toHaveBeenCalledTimes(1)
      await spied.close()
    } finally {
      vi.doUnmock('undici')
      vi.resetModules()
    }
  })
})
