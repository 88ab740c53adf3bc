// The API's shutdown: requests under way are answered, new connections are
// refused, idle keep-alive connections do not hold the process, and a request
// past HOOKLINE_SHUTDOWN_TIMEOUT is cut — on a real HTTP server.
import { Agent, createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { trackRequests, type RequestDrain } from '../src/lifecycle/request-drain.ts'
import { startTestApi } from './support/test-api.ts'

interface Exchange {
  status: number
  connection: string | undefined
  body: string
}

let server: Server | undefined
afterEach(() => {
  server?.closeAllConnections()
  server?.close()
  server = undefined
})

/** A server whose `/slow` answers when `release()` is called, and `/hang` never. */
async function startServer(): Promise<{ url: string; drain: RequestDrain; release(): void }> {
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  server = createServer((request, response) => {
    if (request.url === '/hang') return
    if (request.url === '/slow') void released.then(() => response.end('slow done'))
    else response.end('quick')
  })
  const drain = trackRequests(server)
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, drain, release }
}

function get(url: string, agent?: Agent): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { agent }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, body }))
      response.on('error', reject)
    })
    outgoing.on('error', reject)
    outgoing.end()
  })
}

async function until(check: () => boolean): Promise<void> {
  for (let tries = 0; tries < 200 && !check(); tries++) await new Promise((resolve) => setTimeout(resolve, 10))
  expect(check()).toBe(true)
}

describe('trackRequests', () => {
  it('answers the requests under way, refuses new connections, and resolves once they are answered', async () => {
    const { url, drain, release } = await startServer()
    const slow = get(`${url}/slow`)
    await until(() => drain.inFlight === 1)

    const closing = drain.close(10_000)
    await expect(get(`${url}/quick`)).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    release()

    expect(await slow).toEqual({ status: 200, connection: 'close', body: 'slow done' })
    expect(await closing).toEqual({ timedOut: false, cut: 0 })
    expect(drain.inFlight).toBe(0)
  })

  it('closes idle keep-alive connections instead of waiting for their timeout', async () => {
    const { url, drain } = await startServer()
    const agent = new Agent({ keepAlive: true })
    try {
      // An idle pooled connection would hold server.close() for Node's 5 s keep-alive timeout.
      expect(await get(`${url}/quick`, agent)).toMatchObject({ status: 200, connection: 'keep-alive' })
      expect(await drain.close(3_000)).toEqual({ timedOut: false, cut: 0 })
    } finally {
      agent.destroy()
    }
  })

  it('ends a keep-alive connection that was busy when the drain began once its response is sent', async () => {
    const { url, drain, release } = await startServer()
    const agent = new Agent({ keepAlive: true })
    try {
      const slow = get(`${url}/slow`, agent)
      await until(() => drain.inFlight === 1)
      const closing = drain.close(3_000)
      release()
      expect(await slow).toEqual({ status: 200, connection: 'close', body: 'slow done' })
      expect(await closing).toEqual({ timedOut: false, cut: 0 })
    } finally {
      agent.destroy()
    }
  })

  it('cuts a request still running at the bound and says how many it cut', async () => {
    const { url, drain } = await startServer()
    const hanging = get(`${url}/hang`)
    await until(() => drain.inFlight === 1)
    expect(await drain.close(200)).toEqual({ timedOut: true, cut: 1 })
    await expect(hanging).rejects.toMatchObject({ code: 'ECONNRESET' })
  })
})

describe('readiness while draining', () => {
  it('answers 503 shutting-down on /readyz, while /healthz and other routes still answer', async () => {
    const t = await startTestApi('api-draining')
    try {
      expect((await t.request('GET', '/readyz')).status).toBe(200)
      t.api.lifecycle.draining = true
      const ready = await t.request('GET', '/readyz')
      expect(ready.status).toBe(503)
      expect(ready.headers.get('content-type')).toContain('application/problem+json')
      expect(ready.headers.get('retry-after')).toBe('5')
      expect(ready.body).toMatchObject({ status: 503, detail: 'The API is shutting down.' })
      expect(String(ready.body.type)).toMatch(/shutting-down$/)
      expect((await t.request('GET', '/healthz')).status).toBe(200)
      expect((await t.request('GET', '/api/v1/apps', { token: t.operator.token })).status).toBe(200)
    } finally {
      await t.close()
    }
  })
})
