import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedRequest {
  method: string
  path: string
  headers: IncomingMessage['headers']
  body: string
}

export interface ReceiverAnswer {
  status: number
  body?: string
  /** Wait this long before answering (to provoke timeouts). */
  delayMs?: number
}

export type ReceiverBehaviour = (request: ReceivedRequest) => ReceiverAnswer

export interface Receiver {
  url: string
  requests: ReceivedRequest[]
  behave(behaviour: ReceiverBehaviour): void
  close(): Promise<void>
}

/** A real HTTP endpoint on 127.0.0.1 that records what it receives. */
export async function startReceiver(behaviour: ReceiverBehaviour = () => ({ status: 204 })): Promise<Receiver> {
  let current = behaviour
  const requests: ReceivedRequest[] = []
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const received = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      requests.push(received)
      const answer = current(received)
      const send = () => response.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body ?? '')
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
