// The edge dispatcher: one delivery attempt per `POST /dispatch`, on Deno.
//
//   HOOKLINE_EDGE_TOKEN=… deno run --allow-net --allow-env packages/dispatcher/deno/serve.ts
//
// Environment: HOOKLINE_EDGE_TOKEN (required, ≥ 16 characters),
// HOOKLINE_ENDPOINT_ALLOWLIST, HOOKLINE_ALLOW_HTTP, PORT (default
// 8000), HOOKLINE_EDGE_HOSTNAME (default 0.0.0.0).
import { addressPolicyFromEnv, createDispatchHandler } from '../src/index.ts'
import { resolveHost } from './resolve-host.ts'

export interface EdgeServerOptions {
  token: string
  readEnv?: (name: string) => string | undefined
  port?: number
  hostname?: string
  onListen?: (address: Deno.NetAddr) => void
}

export function startEdgeDispatcher(options: EdgeServerOptions): Deno.HttpServer<Deno.NetAddr> {
  const handler = createDispatchHandler({
    token: options.token,
    deliverOptions: {
      addressPolicy: addressPolicyFromEnv(options.readEnv ?? (() => undefined)),
      resolveHost,
    },
  })
  return Deno.serve(
    {
      port: options.port ?? 8000,
      hostname: options.hostname ?? '0.0.0.0',
      onListen: options.onListen,
    },
    handler,
  )
}

if (import.meta.main) {
  const token = Deno.env.get('HOOKLINE_EDGE_TOKEN')
  if (!token) {
    console.error(
      'HOOKLINE_EDGE_TOKEN is required: the shared secret the worker sends as a bearer token.',
    )
    Deno.exit(1)
  }
  const server = startEdgeDispatcher({
    token,
    readEnv: (name) => Deno.env.get(name),
    port: Number(Deno.env.get('PORT') ?? 8000),
    hostname: Deno.env.get('HOOKLINE_EDGE_HOSTNAME') ?? '0.0.0.0',
    onListen: ({ hostname, port }) =>
      console.log(`Hookline edge dispatcher listening on http://${hostname}:${port}/dispatch`),
  })
  // A container stop (SIGTERM): answer the attempts under way — the worker
  // waits for their outcomes — then exit. Deno Deploy has no signals to listen to.
  try {
    Deno.addSignalListener('SIGTERM', () => {
      console.log('Stopping: answering the attempts under way')
      void server.shutdown().then(() => Deno.exit(0))
    })
  } catch {
    // No signal listeners on this platform: it stops the program itself.
  }
}
