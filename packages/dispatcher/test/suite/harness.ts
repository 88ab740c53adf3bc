// The shared suite runs unchanged under vitest (Node) and `deno test` (Deno).
// Everything that differs between the runtimes — starting servers, raw
// sockets, DNS, the standardwebhooks import — comes in through this harness.
import type { HostResolver } from '../../src/index.ts'

export type RequestHandler = (request: Request) => Response | Promise<Response>

export interface ServeOptions {
  hostname?: '127.0.0.1' | '::1'
  /** PEM certificate and key: serve HTTPS. */
  tls?: { cert: string; key: string }
}

export interface LocalServer {
  /** e.g. `http://127.0.0.1:41234` or `http://[::1]:41234` (no trailing slash). */
  origin: string
  port: number
  close(): Promise<void>
}

/** The `Webhook` class of the `standardwebhooks` npm package. */
export interface WebhookVerifier {
  verify(payload: string, headers: Record<string, string>): unknown
}

export interface SuiteHarness {
  runtime: 'node' | 'deno'
  /** A real HTTP server (HTTPS with `tls`) on 127.0.0.1 (or ::1) and a free port, answering with `handler`. */
  serve(handler: RequestHandler, options?: ServeOptions): Promise<LocalServer>
  /** A TCP server on 127.0.0.1 that reads a request, then drops the connection without answering. */
  serveResettingConnections(): Promise<LocalServer>
  /** A port on 127.0.0.1 that was bound, then released: nothing listens there. */
  closedPort(): Promise<number>
  /** The runtime's DNS resolver (Node: dns.lookup; Deno: Deno.resolveDns). */
  resolveHost: HostResolver
  Webhook: new (secret: string) => WebhookVerifier
}

export interface SuiteCase {
  group: string
  name: string
  run(harness: SuiteHarness): Promise<void>
}

/** Declares a group of cases; each runner turns them into its own tests. */
export function defineCases(
  group: string,
  cases: Record<string, (harness: SuiteHarness) => Promise<void>>,
): SuiteCase[] {
  return Object.entries(cases).map(([name, run]) => ({ group, name, run }))
}
