import type { EnvelopeTenant } from '@hookline/core'
import { createAddressPolicy, createEdgeDispatcher, testConnection, type ConnectionTestResult, type DeliveryAuth } from '@hookline/dispatcher'
import { createNodeDeliverOptions } from '@hookline/dispatcher/node'

/** An app's connection settings, saved or not. */
export interface ConnectionSettings {
  endpoint: string
  auth: DeliveryAuth
  headers: Record<string, string>
  /** Sign the test event with these (`whsec_…`), so receivers that verify signatures accept it. */
  signingSecrets: string[]
  /** The `webhook.test` envelope's tenant: the caller's. */
  tenant?: EnvelopeTenant
}

/** The answer the API gives: the dispatcher's result without the raw attempt. */
export type ConnectionTestView = Pick<ConnectionTestResult, 'ok' | 'status' | 'latencyMs' | 'message'>

export interface ConnectionTester {
  test(settings: ConnectionSettings): Promise<ConnectionTestView>
  /** Closes pooled connections (at shutdown). */
  close(): Promise<void>
}

export interface ConnectionTesterOptions {
  /** CIDRs reachable despite being non-public (HOOKLINE_ENDPOINT_ALLOWLIST). */
  allow: readonly string[]
  allowHttp: boolean
  timeoutMs: number
  /** Run the test on the edge dispatcher, under its policy, like the deliveries (HOOKLINE_EDGE_*). */
  edge?: { url: string; token: string } | undefined
}

/**
 * The dispatcher's test connection: on the edge dispatcher when deliveries
 * run there (its policy applies, as to them), otherwise in-process with the
 * server's address policy. On Node
 * the policy is enforced at connect time on the addresses the system
 * resolver returns (a pinned fetch), so DNS tricks cannot slip past it.
 */
export function createConnectionTester(options: ConnectionTesterOptions): ConnectionTester {
  const deliverOptions = createNodeDeliverOptions(createAddressPolicy({ allow: options.allow, allowHttp: options.allowHttp }))
  const dispatch = options.edge ? createEdgeDispatcher({ url: options.edge.url, token: options.edge.token }) : undefined
  return {
    async test(settings) {
      const result = await testConnection(
        { url: settings.endpoint, auth: settings.auth, headers: settings.headers, signingSecrets: settings.signingSecrets, ...(settings.tenant ? { tenant: settings.tenant } : {}) },
        { ...deliverOptions, timeoutMs: options.timeoutMs, ...(dispatch ? { dispatch } : {}) },
      )
      return {
        ok: result.ok,
        ...(result.status !== undefined ? { status: result.status } : {}),
        latencyMs: result.latencyMs,
        message: result.message,
      }
    },
    close: () => deliverOptions.close(),
  }
}
