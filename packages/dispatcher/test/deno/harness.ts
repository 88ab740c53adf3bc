// The suite's harness on Deno: Deno.serve for web-standard servers,
// Deno.listen for raw sockets, the dispatcher's Deno resolver for DNS.
import { Webhook } from 'npm:standardwebhooks@1.1.1'
import { resolveHost } from '../../deno/resolve-host.ts'
import type { LocalServer, SuiteHarness } from '../suite/index.ts'

export const denoHarness: SuiteHarness = {
  runtime: 'deno',
  async serve(handler, options = {}) {
    const ready = Promise.withResolvers<Deno.NetAddr>()
    const listen = { port: 0, hostname: options.hostname ?? '127.0.0.1', onListen: ready.resolve }
    const server = Deno.serve(options.tls ? { ...listen, ...options.tls } : listen, handler)
    const address = await ready.promise
    const host = address.hostname.includes(':') ? `[${address.hostname}]` : address.hostname
    const scheme = options.tls ? 'https' : 'http'
    return {
      origin: `${scheme}://${host}:${address.port}`,
      port: address.port,
      close: () => server.shutdown(),
    }
  },
  serveResettingConnections() {
    const listener = Deno.listen({ port: 0, hostname: '127.0.0.1' })
    const connections = new Set<Deno.Conn>()
    const accepting = (async () => {
      for await (const connection of listener) {
        connections.add(connection)
        // Read the request, then close without a byte of response.
        connection
          .read(new Uint8Array(65_536))
          .catch(() => null)
          .finally(() => {
            connections.delete(connection)
            connection.close()
          })
      }
    })().catch(() => {})
    const { port } = listener.addr
    const server: LocalServer = {
      origin: `http://127.0.0.1:${port}`,
      port,
      async close() {
        listener.close()
        for (const connection of connections) connection.close()
        await accepting
      },
    }
    return Promise.resolve(server)
  },
  closedPort() {
    const listener = Deno.listen({ port: 0, hostname: '127.0.0.1' })
    const { port } = listener.addr
    listener.close()
    return Promise.resolve(port)
  },
  resolveHost,
  Webhook,
}
