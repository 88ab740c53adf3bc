import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createDispatchHandler, type AddressPolicy } from '@hookline/dispatcher'

export const edgeToken = 'edge-token-for-worker-tests'

export interface EdgeServer {
  url: string
  port: number
  close(): Promise<void>
}

async function toRequest(incoming: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = []
  for await (const chunk of incoming) chunks.push(chunk as Buffer)
  const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined
  const headers = new Headers()
  for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === 'string') headers.set(name, value)
  return new Request(new URL(incoming.url ?? '/', origin), { method: incoming.method ?? 'GET', headers, ...(body && incoming.method !== 'GET' ? { body } : {}) })
}

/** The edge dispatcher's web handler on a Node server on loopback (the Deno program serves the same handler). */
export async function startEdgeServer(addressPolicy: AddressPolicy | undefined, port = 0): Promise<EdgeServer> {
  const handler = createDispatchHandler({ token: edgeToken, ...(addressPolicy ? { deliverOptions: { addressPolicy } } : {}) })
  let origin = ''
  const server: Server = createServer((incoming, outgoing) => {
    void toRequest(incoming, origin)
      .then(handler)
      .then(async (response) => {
        outgoing.writeHead(response.status, Object.fromEntries(response.headers))
        outgoing.end(Buffer.from(await response.arrayBuffer()))
      })
      .catch(() => outgoing.writeHead(500).end())
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const bound = (server.address() as AddressInfo).port
  origin = `http://127.0.0.1:${bound}`
  return {
    url: origin,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
