// The suite's harness on Node: srvx for web-standard servers, node:net for
// raw sockets, the dispatcher's Node resolver for DNS.
import { type AddressInfo, createServer } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { serve } from 'srvx'
import { resolveHost } from '../node/index.ts'
import type { LocalServer, SuiteHarness } from './suite/index.ts'

export const nodeHarness: SuiteHarness = {
  runtime: 'node',
  async serve(handler, options = {}) {
    const server = serve({
      fetch: handler,
      port: 0,
      hostname: options.hostname ?? '127.0.0.1',
      silent: true,
      tls: options.tls,
    })
    await server.ready()
    const address = server.node?.server?.address() as AddressInfo
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
    const scheme = options.tls ? 'https' : 'http'
    return {
      origin: `${scheme}://${host}:${address.port}`,
      port: address.port,
      close: () => server.close(true),
    }
  },
  async serveResettingConnections() {
    const server = createServer((socket) => socket.once('data', () => socket.resetAndDestroy()))
    const port = await listen(server)
    return {
      origin: `http://127.0.0.1:${port}`,
      port,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    } satisfies LocalServer
  },
  async closedPort() {
    const server = createServer()
    const port = await listen(server)
    await new Promise<void>((resolve) => server.close(() => resolve()))
    return port
  },
  resolveHost,
  Webhook,
}

function listen(server: ReturnType<typeof createServer>): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))
  })
}
