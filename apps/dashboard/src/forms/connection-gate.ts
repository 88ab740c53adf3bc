import { computed, ref, toValue, type MaybeRefOrGetter, type Ref } from 'vue'
import type { ConnectionTestResult } from '../api/types.ts'
import type { HeadersInput } from './header-rows.ts'

/** What a connection test depends on: change any of it and the test must run again. */
export interface ConnectionSettings {
  endpoint: string
  authType: 'none' | 'basic'
  username: string
  password: string
  headers: HeadersInput
}

/** One string per distinct set of connection settings (header order does not matter). */
export function connectionFingerprint(settings: ConnectionSettings): string {
  const basic = settings.authType === 'basic'
  const headers = Object.entries(settings.headers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return JSON.stringify([
    settings.endpoint.trim(),
    settings.authType,
    basic ? settings.username : '',
    basic ? settings.password : '',
    headers,
  ])
}

export type GateState = 'untested' | 'testing' | 'passed' | 'failed'

export interface ConnectionGateOptions {
  /**
   * The fingerprint of settings already known to work, e.g. an existing
   * app's saved ones (they passed the test when they were saved).
   * Undefined: nothing is trusted, a test must pass.
   */
  trusted?: MaybeRefOrGetter<string | undefined>
}

/**
 * Save stays disabled until Test connection has passed for exactly the
 * current endpoint, authentication and headers; editing any of them
 * disables it again, and a result that arrives for settings changed in the
 * meantime does not count.
 */
export function useConnectionGate(
  settings: Ref<ConnectionSettings>,
  options: ConnectionGateOptions = {},
) {
  const current = computed(() => connectionFingerprint(settings.value))
  const trusted = computed(() => toValue(options.trusted))
  const testing = ref(false)
  const lastResult = ref<ConnectionTestResult>()
  const lastResultFor = ref<string>()
  const lastError = ref<string>()

  const resultIsCurrent = computed(() => lastResultFor.value === current.value)
  const passed = computed(
    () =>
      (resultIsCurrent.value && lastResult.value?.ok === true) ||
      (trusted.value !== undefined && trusted.value === current.value),
  )
  const state = computed<GateState>(() => {
    if (testing.value) return 'testing'
    if (passed.value) return 'passed'
    if (resultIsCurrent.value && (lastResult.value || lastError.value)) return 'failed'
    return 'untested'
  })
  /** The result shown next to the button: only the one for the current settings. */
  const result = computed(() => (resultIsCurrent.value ? lastResult.value : undefined))
  const error = computed(() => (resultIsCurrent.value ? lastError.value : undefined))

  async function run(
    test: () => Promise<ConnectionTestResult>,
  ): Promise<ConnectionTestResult | undefined> {
    const testedFor = current.value
    testing.value = true
    lastError.value = undefined
    try {
      const outcome = await test()
      lastResult.value = outcome
      lastResultFor.value = testedFor
      return outcome
    } catch (caught) {
      lastResult.value = undefined
      lastResultFor.value = testedFor
      lastError.value = caught instanceof Error ? caught.message : String(caught)
      return undefined
    } finally {
      testing.value = false
    }
  }

  /** A test has run (for these or other settings): "changed since the last test" rather than "not tested yet". */
  const testedBefore = computed(() => lastResultFor.value !== undefined)

  return { state, passed, testing, result, error, run, fingerprint: current, testedBefore }
}

export type ConnectionGate = ReturnType<typeof useConnectionGate>
