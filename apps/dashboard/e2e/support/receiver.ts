import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedRequest {
  path: string
  headers: IncomingHttpHeaders
  body: string
}

export interface ReceiverAnswer {
  status: number
  body?: string
}

/** A webhook endpoint on 127.0.0.1 that records what it gets and answers as told. */
export interface Receiver {
  url: string
  requests: ReceivedRequest[]
  answer(next: (request: ReceivedRequest) => ReceiverAnswer): void
  /** Resolves with the first request received from now on that matches. */
  next(match?: (request: ReceivedRequest) => boolean, timeoutMs?: number): Promise<ReceivedRequest>
  close(): Promise<void>
}

export async function startReceiver(): Promise<Receiver> {
  let respond: (request: ReceivedRequest) => ReceiverAnswer = () => ({ status: 204 })
  const requests: ReceivedRequest[] = []
  const waiters: {
    match: (request: ReceivedRequest) => boolean
    resolve: (request: ReceivedRequest) => void
  }[] = []
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const received = {
        path: request.url ?? '/',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      requests.push(received)
      for (const waiter of [...waiters]) {
        if (waiter.match(received)) {
          waiters.splice(waiters.indexOf(waiter), 1)
          waiter.resolve(received)
        }
      }
      const answer = respond(received)
      response
        .writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8' })
        .end(answer.body ?? '')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks/hookline`,
    requests,
    answer(next) {
      respond = next
    },
    next(match = () => true, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`The receiver got no matching request within ${timeoutMs} ms`)),
          timeoutMs,
        )
        waiters.push({ match, resolve: (request) => (clearTimeout(timer), resolve(request)) })
      })
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
