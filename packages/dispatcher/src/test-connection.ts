import { asSentence } from './sentence.ts'
import type { DeliveryOutcome } from '@hookline/core'
import { describeResponse } from './classify-response.ts'
import { validateCustomHeaders } from './custom-headers.ts'
import { deliver, formatSeconds } from './deliver.ts'
import { deliveryErrorCodes } from './error-codes.ts'
import { type DeliverOptions, type DeliveryAuth, defaultTimeoutMs } from './types.ts'

/** An application's connection settings, as the form holds them before save. */
export interface ConnectionTestConfig {
  url: string
  auth: DeliveryAuth
  headers?: Readonly<Record<string, string>>
  /** Signs the test event, so a receiver that verifies signatures accepts it. */
  signingSecrets: readonly string[]
  /** The serialized `webhook.test` event; by default a small envelope built here. */
  body?: string
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

export const testEventType = 'webhook.test'

/**
 * The pre-save check: URL syntax, address policy, reachability and whether
 * the endpoint accepts the chosen authentication, by sending one signed
 * `webhook.test` event.
 */
export async function testConnection(
  config: ConnectionTestConfig,
  options: DeliverOptions = {},
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
  const outcome = await deliver(
    {
      url: config.url,
      messageId,
      timestamp,
      body: config.body ?? defaultTestEvent(messageId, timestamp),
      signingSecrets: config.signingSecrets,
      auth: config.auth,
      headers: config.headers ?? {},
    },
    options,
  )
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
      : `Authentication required: ${config.url} answered ${answer} without credentials; choose HTTP Basic authentication or add the header it expects.`
  }
  if (status === 404) return `Endpoint not found: ${config.url} answered ${answer}.`
  if (outcome.errorCode === deliveryErrorCodes.timeout)
    return `Unreachable in ${formatSeconds(timeoutMs)}: no response from ${config.url}.`
  return asSentence(outcome.reason)
}

function defaultTestEvent(messageId: string, timestamp: Date): string {
  return JSON.stringify({
    id: messageId,
    type: testEventType,
    eventDate: timestamp.toISOString(),
    data: {
      message:
        'Test event from Hookline: your endpoint is reachable and accepts these credentials.',
    },
  })
}
