// The one webhook receiver of Hookline's tests: a real HTTP endpoint on
// 127.0.0.1. `startReceiver` runs in the test's process and keeps every
// request (API, worker and dashboard tests); `startReceiverProcess` (from
// `@hookline/test-receiver/process`) runs in a child process and reports
// arrivals (benchmarks and fault tests, where the receiver must not compete
// with the publisher's event loop).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedRequest {
  /** Date.now() when the request's body had arrived. */
  receivedAt: number
  method: string
  /** The request's path and query. */
  path: string
  headers: IncomingHttpHeaders
  body: string
}

export interface ReceiverAnswer {
  status: number
  body?: string
  headers?: Record<string, string>
  /** Wait this long before answering (to provoke timeouts). */
  delayMs?: number
}

/** How the receiver answers; `index` counts requests from 0. */
export type ReceiverBehaviour = (request: ReceivedRequest, index: number) => ReceiverAnswer

export interface Receiver {
  url: string
  requests: ReceivedRequest[]
  behave(behaviour: ReceiverBehaviour): void
  /** Resolves once `count` requests have arrived in all (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>
  /** Resolves with the first request received from now on that matches (or rejects after `timeoutMs`). */
  next(match?: (request: ReceivedRequest) => boolean, timeoutMs?: number): Promise<ReceivedRequest>
  close(): Promise<void>
}

export interface ReceiverOptions {
  /** The path of `url`. Default `/hooks`. */
  path?: string
}

/** A real HTTP endpoint on 127.0.0.1 that records what it receives and answers as told (204 by default). */
export async function startReceiver(behaviour: ReceiverBehaviour = () => ({ status: 204 }), options: ReceiverOptions = {}): Promise<Receiver> {
  let current = behaviour
  const requests: ReceivedRequest[] = []
  const countWaiters: { count: number; resolve: () => void }[] = []
  const matchWaiters: { match: (request: ReceivedRequest) => boolean; resolve: (request: ReceivedRequest) => void }[] = []
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const received: ReceivedRequest = {
        receivedAt: Date.now(),
        method: request.method ?? '',
        path: request.url ?? '/',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      requests.push(received)
      for (const waiter of countWaiters.filter((entry) => requests.length >= entry.count)) waiter.resolve()
      for (const waiter of matchWaiters.filter((entry) => entry.match(received))) {
        matchWaiters.splice(matchWaiters.indexOf(waiter), 1)
        waiter.resolve(received)
      }
      const answer = current(received, requests.length - 1)
      const send = () => {
        if (response.destroyed) return
        response.writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8', ...answer.headers }).end(answer.body ?? '')
      }
      if (answer.delayMs) setTimeout(send, answer.delayMs)
      else send()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}${options.path ?? '/hooks'}`,
    requests,
    behave(next) {
      current = next
    },
    waitFor(count, timeoutMs = 10_000) {
      if (requests.length >= count) return Promise.resolve(requests.slice())
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`Received ${requests.length} of ${count} requests in ${timeoutMs} ms`)), timeoutMs)
        countWaiters.push({
          count,
          resolve: () => {
            clearTimeout(timer)
            resolve(requests.slice())
          },
        })
      })
    },
    next(match = () => true, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`The receiver got no matching request within ${timeoutMs} ms`)), timeoutMs)
        matchWaiters.push({
          match,
          resolve: (request) => {
            clearTimeout(timer)
            resolve(request)
          },
        })
      })
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Accepts only HTTP Basic with these credentials; 401 otherwise. */
export function basicAuthReceiver(username: string, password: string): ReceiverBehaviour {
  const expected = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`
  return (request) => (request.headers.authorization === expected ? { status: 200 } : { status: 401, body: 'who are you?' })
}
