// A real HTTP endpoint for integration tests: records each request with its
// arrival time and can wait for a number of requests (API and worker tests share it).
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedRequest {
  /** Date.now() when the request's body had arrived. */
  receivedAt: number
  headers: IncomingMessage['headers']
  body: string
}

export interface ReceiverAnswer {
  status: number
  body?: string
  headers?: Record<string, string>
  /** Wait this long before answering. */
  delayMs?: number
}

export type ReceiverBehaviour = (request: ReceivedRequest, index: number) => ReceiverAnswer

export interface Receiver {
  url: string
  requests: ReceivedRequest[]
  behave(behaviour: ReceiverBehaviour): void
  /** Resolves once `count` requests have arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>
  close(): Promise<void>
}

/** A real HTTP endpoint on 127.0.0.1 that records what it receives. */
export async function startReceiver(behaviour: ReceiverBehaviour = () => ({ status: 204 })): Promise<Receiver> {
  let current = behaviour
  const requests: ReceivedRequest[] = []
  const waiters: { count: number; resolve: () => void }[] = []
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const received = { receivedAt: Date.now(), headers: request.headers, body: Buffer.concat(chunks).toString('utf8') }
      requests.push(received)
      for (const waiter of waiters.filter((entry) => requests.length >= entry.count)) waiter.resolve()
      const answer = current(received, requests.length - 1)
      const send = () => {
        if (response.destroyed) return
        response.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers }).end(answer.body ?? '')
      }
      if (answer.delayMs) setTimeout(send, answer.delayMs)
      else send()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    requests,
    behave(next) {
      current = next
    },
    waitFor(count, timeoutMs = 10_000) {
      if (requests.length >= count) return Promise.resolve(requests.slice())
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`Received ${requests.length} of ${count} requests in ${timeoutMs} ms`)), timeoutMs)
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer)
            resolve(requests.slice())
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
