import { fetchEdgePolicy, isDispatcherError, policyDifferences, DispatcherError, type EdgePolicy, type FetchFunction } from '@hookline/dispatcher'
import type { Logger } from 'pino'

/** The edge's policy differs from this worker's: deliveries would meet rules the connection test did not apply. */
export class EdgePolicyMismatchError extends Error {
  readonly differences: string[]
  constructor(edgeUrl: string, differences: string[]) {
    super(
      `The edge dispatcher at ${edgeUrl} applies another policy than this worker: ${differences.join('; ')}. ` +
        'Give the edge and the worker (and the API) the same HOOKLINE_ENDPOINT_ALLOWLIST and HOOKLINE_ALLOW_HTTP, and deploy the same Hookline version.',
    )
    this.name = 'EdgePolicyMismatchError'
    this.differences = differences
  }
}

export type EdgeState = 'up' | 'down' | 'mismatch'

export interface EdgeHealth {
  state: EdgeState
  url: string
  /** When the current state began (ISO 8601). */
  since: string
  detail?: string
}

export interface EdgeLink {
  /** Start: reads the edge's policy. Rejects with EdgePolicyMismatchError when it differs; an edge that does not answer only marks the link down. */
  verify(): Promise<void>
  /** Runs one call to the edge, noting outages and recoveries. Refuses (edge-rejected) while the policies disagree. */
  track<T>(call: () => Promise<T>): Promise<T>
  health(): EdgeHealth
  close(): void
}

export interface EdgeLinkOptions {
  url: string
  token: string
  /** This worker's own policy. */
  local: EdgePolicy
  logger: Logger
  /** Counts every call the edge did not answer (hookline_edge_unavailable_total). */
  onUnavailable(): void
  /** While down, how often to ask the edge for its policy again. */
  probeEveryMs?: number
  fetch?: FetchFunction
}

/**
 * The worker's view of the edge dispatcher. An outage is logged once when it
 * starts and once when it ends (every failed call is counted); on reconnect
 * the policy is read again, and a policy that now differs holds deliveries
 * back (they are retried later, no attempt counted) until the two agree.
 */
export function createEdgeLink(options: EdgeLinkOptions): EdgeLink {
  const probeEveryMs = options.probeEveryMs ?? 5_000
  const origin = new URL(options.url).origin
  let state: EdgeState = 'up'
  let since = new Date()
  let detail: string | undefined
  let probe: NodeJS.Timeout | undefined
  let closed = false

  function enter(next: EdgeState, reason?: string): void {
    if (next === state && reason === detail) return
    state = next
    since = new Date()
    detail = reason
    if (next === 'down') startProbing()
    else stopProbing()
  }

  function markDown(error: unknown): void {
    options.onUnavailable()
    if (state === 'down') return
    options.logger.warn({ err: error, edge: origin }, `The edge dispatcher at ${origin} does not answer; deliveries wait and retry (logged once per outage)`)
    enter('down', (error as Error).message)
  }

  async function readPolicy(): Promise<void> {
    const remote = await fetchEdgePolicy({ url: options.url, token: options.token, ...(options.fetch ? { fetch: options.fetch } : {}) })
    const differences = policyDifferences(options.local, remote)
    if (differences.length > 0) {
      const mismatch = new EdgePolicyMismatchError(origin, differences)
      if (state !== 'mismatch') options.logger.error({ edge: origin, differences }, mismatch.message)
      enter('mismatch', mismatch.message)
      throw mismatch
    }
    if (state !== 'up') options.logger.info({ edge: origin, downForMs: Date.now() - since.getTime() }, `The edge dispatcher at ${origin} answers again with the same policy`)
    enter('up')
  }

  async function reconnect(): Promise<void> {
    try {
      await readPolicy()
    } catch (error) {
      if (error instanceof EdgePolicyMismatchError) return
      if (isDispatcherError(error) && error.code === 'edge-unavailable') options.onUnavailable()
    }
  }

  function startProbing(): void {
    if (probe || closed) return
    probe = setInterval(() => void reconnect(), probeEveryMs)
    probe.unref()
  }

  function stopProbing(): void {
    if (probe) clearInterval(probe)
    probe = undefined
  }

  return {
    async verify() {
      try {
        await readPolicy()
      } catch (error) {
        if (isDispatcherError(error) && error.code === 'edge-unavailable') markDown(error)
        else throw error
      }
    },
    async track(call) {
      if (state === 'mismatch') throw new DispatcherError('edge-rejected', detail ?? 'The edge applies another policy than this worker.')
      try {
        const result = await call()
        // An answer after an outage is a reconnect: the edge may have been redeployed with other settings.
        if (state === 'down') await reconnect()
        return result
      } catch (error) {
        if (isDispatcherError(error) && error.code === 'edge-unavailable') markDown(error)
        throw error
      }
    },
    health: () => ({ state, url: origin, since: since.toISOString(), ...(detail ? { detail } : {}) }),
    close() {
      closed = true
      stopProbing()
    },
  }
}
