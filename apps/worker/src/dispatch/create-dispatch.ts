import type { DeliveryOutcome } from '@hookline/core'
import { createAddressPolicy, createEdgeDispatcher, deliver, type DeliveryRequest } from '@hookline/dispatcher'
import { createNodeDeliverOptions } from '@hookline/dispatcher/node'
import type { WorkerSettings } from '../settings.ts'

/** One attempt, wherever it runs. */
export interface Dispatcher {
  readonly kind: 'in-process' | 'edge'
  attempt(request: DeliveryRequest, signal?: AbortSignal): Promise<DeliveryOutcome>
  /** Closes the keep-alive pool (in-process). */
  close(): Promise<void>
}

/**
 * In-process `deliver` with the Node pinned fetch and the address policy,
 * or the edge dispatcher when HOOKLINE_EDGE_DISPATCHER_URL is set (its
 * address policy is then the edge's own).
 */
export function createDispatcher(settings: Pick<WorkerSettings, 'edge' | 'endpointAllowlist' | 'allowHttp' | 'deliveryTimeoutMs'>): Dispatcher {
  const timeoutMs = settings.deliveryTimeoutMs
  if (settings.edge) {
    const edge = createEdgeDispatcher({ url: settings.edge.url, token: settings.edge.token })
    return {
      kind: 'edge',
      attempt: (request, signal) => edge(request, { timeoutMs, ...(signal ? { signal } : {}) }),
      close: async () => {},
    }
  }
  const options = createNodeDeliverOptions(createAddressPolicy({ allow: settings.endpointAllowlist, allowHttp: settings.allowHttp }))
  return {
    kind: 'in-process',
    attempt: (request, signal) => deliver(request, { ...options, timeoutMs, ...(signal ? { signal } : {}) }),
    close: () => options.close(),
  }
}
