import {
  buildTestEnvelope,
  newEventId,
  testEventType,
  type DeliveryOutcome,
  type EnvelopeTenant,
} from '@hookline/core'
import { asSentence } from './sentence.ts'
import { describeResponse } from './classify-response.ts'
import { validateCustomHeaders } from './custom-headers.ts'
import { deliver, formatSeconds } from './deliver.ts'
import type { Dispatch } from './edge-client.ts'
import { isDispatcherError } from './errors.ts'
import { deliveryErrorCodes } from './error-codes.ts'
import { type DeliverOptions, type DeliveryAuth, defaultTimeoutMs } from './types.ts'

/** An application's connection settings, as the form holds them before save. */
export interface ConnectionTestConfig {
  url: string
  auth: DeliveryAuth
  headers?: Readonly<Record<string, string>>
  /** Signs the test event, so a receiver that verifies signatures accepts it. */
  signingSecrets: readonly string[]
  /** The serialized `webhook.test` event; by default one built here for `tenant`. */
  body?: string
  /** Whose test it is, for the default event's `tenant`. */
  tenant?: EnvelopeTenant
  /** Defaults to a fresh `msg_…` id. */
  messageId?: string
}

export interface ConnectionTestResult {
  ok: boolean
  status?: number
  latencyMs: number
  /** One sentence for the form: what happened and, on failure, what to fix. */
  message: string
  /** The full attempt, when one was made (not when the headers are invalid). */
  outcome?: DeliveryOutcome
}

export { testEventType }

/**
 * The pre-save check: URL syntax, address policy, reachability and whether
 * the endpoint accepts the chosen authentication, by sending one signed
 * `webhook.test` event.
 */
export interface TestConnectionOptions extends DeliverOptions {
  /**
   * Where the attempt runs: `deliver` in-process by default, or the edge
   * dispatcher (`createEdgeDispatcher`) so the test meets the same address
   * policy as the deliveries that follow.
   */
  dispatch?: Dispatch
}

export async function testConnection(
  config: ConnectionTestConfig,
  options: TestConnectionOptions = {},
): Promise<ConnectionTestResult> {
  const headerProblems = validateCustomHeaders(config.headers ?? {}, {
    basicAuth: config.auth.type === 'basic',
  })
  if (headerProblems.length > 0) {
    return {
      ok: false,
      latencyMs: 0,
      message: headerProblems.map((problem) => problem.message).join(' '),
    }
  }
  const messageId = config.messageId ?? `msg_${crypto.randomUUID().replaceAll('-', '')}`
  const timestamp = new Date()
  const { dispatch = deliver, ...deliverOptions } = options
  let outcome: DeliveryOutcome
  try {
    outcome = await dispatch(
      {
        url: config.url,
        messageId,
        timestamp,
        body: config.body ?? defaultTestEvent(config.tenant, timestamp),
        signingSecrets: config.signingSecrets,
        auth: config.auth,
        headers: config.headers ?? {},
      },
      deliverOptions,
    )
  } catch (error) {
    // The edge did not run the attempt: the endpoint is not to blame, so say where the problem is.
    if (!isDispatcherError(error) || !error.code.startsWith('edge-')) throw error
    return {
      ok: false,
      latencyMs: 0,
      message: `Not tested: ${error.message.replace(/^\[hookline\/dispatcher\] /, '')}`,
    }
  }
  return {
    ok: outcome.kind === 'success',
    ...(outcome.status !== undefined ? { status: outcome.status } : {}),
    latencyMs: outcome.durationMs,
    message: explain(outcome, config, options.timeoutMs ?? defaultTimeoutMs),
    outcome,
  }
}

function explain(
  outcome: DeliveryOutcome,
  config: ConnectionTestConfig,
  timeoutMs: number,
): string {
  const status = outcome.status
  const answer =
    status === undefined ? '' : describeResponse(status, '', config.url).replace(/ from .*$/, '')
  if (outcome.kind === 'success')
    return `Connected: ${config.url} answered ${answer} in ${outcome.durationMs} ms.`
  if (status === 401 || status === 403) {
    return config.auth.type === 'basic'
      ? `Credentials rejected: ${config.url} answered ${answer} to the username and password.`
      : // No credentials but a signature: the likeliest cause is a receiver verifying with another secret.
        `Signature or credentials rejected: ${config.url} answered ${answer}: check that the endpoint verifies signatures with this application's signing secret, or choose HTTP Basic authentication or add the header it expects.`
  }
  if (status === 404) return `Endpoint not found: ${config.url} answered ${answer}.`
  if (outcome.errorCode === deliveryErrorCodes.timeout)
    return `Unreachable in ${formatSeconds(timeoutMs)}: no response from ${config.url}.`
  return asSentence(outcome.reason)
}

// Without a tenant the test is anonymous: the envelope still has every field, none of them empty.
const anonymousTenant: EnvelopeTenant = {
  id: 'unknown',
  name: 'Unknown tenant',
  subDomainUrl: null,
  portalTenantId: null,
}

function defaultTestEvent(tenant: EnvelopeTenant | undefined, timestamp: Date): string {
  return JSON.stringify(
    buildTestEnvelope({
      id: newEventId(timestamp),
      tenant: tenant ?? anonymousTenant,
      now: timestamp,
    }),
  )
}
