import { ref } from 'vue'
import type {
  BulkRedeliveryResult,
  ConnectionTestInput,
  ConnectionTestResult,
  LogCount,
  WebhookApp,
} from '../api/types.ts'
import { headersToRows, rowsToHeaders } from '../forms/header-rows.ts'

/**
 * Turning an app back on, step by step: test its saved connection, turn it
 * on (the server tests again), count the deliveries skipped since it went
 * off, and offer to send those again.
 */
export type ReactivationStage =
  | 'idle'
  | 'testing'
  | 'test-failed'
  | 'turning-on'
  | 'counting'
  | 'nothing-skipped'
  | 'offer'
  | 'redelivering'
  | 'redelivered'
  | 'failed'

/** What the steps call: the API in the dashboard, fakes in component tests. */
export interface ReactivationSteps {
  testConnection(input: ConnectionTestInput): Promise<ConnectionTestResult>
  turnOn(appId: string): Promise<WebhookApp>
  /** Skipped deliveries of the app last changed (skipped) at or after `since`. */
  countSkipped(appId: string, since: string): Promise<LogCount>
  redeliverSkipped(appId: string, since: string): Promise<BulkRedeliveryResult>
}

/** The saved connection settings as the test takes them (the server fills in the stored password and secrets). */
export function storedConnection(app: WebhookApp): ConnectionTestInput {
  return {
    endpoint: app.endpoint,
    authType: app.authType,
    ...(app.authType === 'basic' ? { username: app.username ?? '' } : {}),
    headers: rowsToHeaders(headersToRows(app.headers)),
    appId: app.appId,
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export function useReactivation(steps: ReactivationSteps) {
  const stage = ref<ReactivationStage>('idle')
  const app = ref<WebhookApp>()
  /** When the app went off: what "skipped while it was off" counts from. */
  const offSince = ref<string>()
  const test = ref<ConnectionTestResult>()
  const skipped = ref<LogCount>()
  const outcome = ref<BulkRedeliveryResult>()
  const error = ref<string>()

  function reset(): void {
    stage.value = 'idle'
    app.value = undefined
    offSince.value = undefined
    test.value = undefined
    skipped.value = undefined
    outcome.value = undefined
    error.value = undefined
  }

  /** With the app on: how many were skipped since it went off (none to count when it never was on). */
  async function countSkipped(on: WebhookApp, since: string | undefined): Promise<void> {
    app.value = on
    offSince.value = since
    if (since === undefined) {
      stage.value = 'nothing-skipped'
      return
    }
    stage.value = 'counting'
    try {
      skipped.value = await steps.countSkipped(on.appId, since)
      stage.value = skipped.value.count === 0 ? 'nothing-skipped' : 'offer'
    } catch (caught) {
      error.value = `It is on, but the skipped deliveries could not be counted: ${messageOf(caught)}`
      stage.value = 'failed'
    }
  }

  /** Test, turn on, count. Resolves with the app once it is on (undefined if it stayed off). */
  async function turnOn(off: WebhookApp): Promise<WebhookApp | undefined> {
    reset()
    app.value = off
    const since = off.deactivatedAt
    stage.value = 'testing'
    try {
      test.value = await steps.testConnection(storedConnection(off))
    } catch (caught) {
      error.value = messageOf(caught)
      stage.value = 'test-failed'
      return undefined
    }
    if (!test.value.ok) {
      stage.value = 'test-failed'
      return undefined
    }
    stage.value = 'turning-on'
    let on: WebhookApp
    try {
      on = await steps.turnOn(off.appId)
    } catch (caught) {
      // The server runs the test again; the endpoint can have failed in between.
      error.value = messageOf(caught)
      stage.value = 'test-failed'
      return undefined
    }
    await countSkipped(on, since)
    return on
  }

  /** For an app a save has just turned on (the form ran the test): count and offer. */
  async function offerFor(on: WebhookApp, since: string | undefined): Promise<void> {
    reset()
    await countSkipped(on, since)
  }

  async function redeliver(): Promise<void> {
    if (!app.value || offSince.value === undefined) return
    stage.value = 'redelivering'
    try {
      outcome.value = await steps.redeliverSkipped(app.value.appId, offSince.value)
      stage.value = 'redelivered'
    } catch (caught) {
      error.value = `Nothing was redelivered: ${messageOf(caught)}`
      stage.value = 'failed'
    }
  }

  return { stage, app, offSince, test, skipped, outcome, error, turnOn, offerFor, redeliver, reset }
}

export type Reactivation = ReturnType<typeof useReactivation>
