import type { DeliveryOutcome } from '@hookline/core'
import { createAddressPolicy, createEdgeDispatcher, deliver, policyOf, type DeliveryRequest } from '@hookline/dispatcher'
import { createNodeDeliverOptions } from '@hookline/dispatcher/node'
import type { Logger } from 'pino'
import type { WorkerSettings } from '../settings.ts'
import { createEdgeLink, type EdgeHealth } from './edge-link.ts'

/** One attempt, wherever it runs. */
export interface Dispatcher {
  readonly kind: 'in-process' | 'edge'
  attempt(request: DeliveryRequest, signal?: AbortSignal): Promise<DeliveryOutcome>
  /** At start: the edge's policy must equal this worker's (EdgePolicyMismatchError otherwise). */
  verify(): Promise<void>
  /** For /healthz: the edge link's state, when there is an edge. */
  health(): { status: 'ok' | 'degraded'; edge?: EdgeHealth }
  /** Closes the keep-alive pool (in-process) or stops probing the edge. */
  close(): Promise<void>
}

export interface DispatcherContext {
  logger: Logger
  onEdgeUnavailable(): void
}

/**
 * In-process `deliver` with the Node pinned fetch and the address policy,
 * or the edge dispatcher when HOOKLINE_EDGE_DISPATCHER_URL is set; the
 * edge's policy must then be this worker's (checked at start and on reconnect).
 */
export function createDispatcher(
  settings: Pick<WorkerSettings, 'edge' | 'endpointAllowlist' | 'allowHttp' | 'deliveryTimeoutMs'>,
  context: DispatcherContext,
): Dispatcher {
  const timeoutMs = settings.deliveryTimeoutMs
  const addressPolicy = createAddressPolicy({ allow: settings.endpointAllowlist, allowHttp: settings.allowHttp })
  if (settings.edge) {
    const edge = createEdgeDispatcher({ url: settings.edge.url, token: settings.edge.token })
    const link = createEdgeLink({
      url: settings.edge.url,
      token: settings.edge.token,
      local: policyOf(addressPolicy),
      logger: context.logger,
      onUnavailable: context.onEdgeUnavailable,
    })
    return {
      kind: 'edge',
      attempt: (request, signal) => link.track(() => edge(request, { timeoutMs, ...(signal ? { signal } : {}) })),
      verify: () => link.verify(),
      health: () => {
        const edgeHealth = link.health()
        return { status: edgeHealth.state === 'up' ? 'ok' : 'degraded', edge: edgeHealth }
      },
      close: async () => link.close(),
    }
  }
  const options = createNodeDeliverOptions(addressPolicy)
  // Made once: the worker's attempts carry no signal of their own, and an options object spread per attempt was CPU for nothing.
  const attemptOptions = { ...options, timeoutMs }
  return {
    kind: 'in-process',
    attempt: (request, signal) => deliver(request, signal ? { ...attemptOptions, signal } : attemptOptions),
    verify: async () => {},
    health: () => ({ status: 'ok' }),
    close: () => options.close(),
  }
}
