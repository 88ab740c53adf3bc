import { describe, expect, it, vi } from 'vitest'
import type { ConnectionTestResult, WebhookApp } from '../src/api/types.ts'
import { useReactivation, type ReactivationSteps } from '../src/composables/use-reactivation.ts'
import { shortId } from '../src/utils/format.ts'
import { storedApp } from './support/app-fixture.ts'

// The steps of turning an app back on, over fake API calls: what runs in
// which order, and where it stops.
const offAt = '2025-02-01T08:00:00.000Z'
const offApp = storedApp({
  active: false,
  deactivatedReason: '410 Gone from https://hooks.example.com/hookline',
  deactivatedAt: offAt,
})
const onApp: WebhookApp = { ...offApp, active: true, deactivatedAt: undefined, deactivatedReason: undefined }
const passed: ConnectionTestResult = { ok: true, status: 204, latencyMs: 8, message: '204 No Content' }

function steps(overrides: Partial<ReactivationSteps> = {}) {
  return {
    testConnection: vi.fn(() => Promise.resolve(passed)),
    turnOn: vi.fn(() => Promise.resolve(onApp)),
    countSkipped: vi.fn(() => Promise.resolve({ count: 7, capped: false })),
    redeliverSkipped: vi.fn(() => Promise.resolve({ queued: 6, skipped: 1, capped: false })),
    ...overrides,
  }
}

describe('turning an app back on', () => {
  it('tests the saved connection, turns it on, counts what was skipped since it went off, and redelivers that', async () => {
    const fake = steps()
    const r = useReactivation(fake)
    expect(await r.turnOn(offApp)).toEqual(onApp)
    expect(fake.testConnection).toHaveBeenCalledWith({
      endpoint: offApp.endpoint,
      authType: 'basic',
      username: 'portal',
      headers: { 'X-Portal': 'acme' },
      appId: offApp.appId,
    })
    const order = (step: unknown) => vi.mocked(step as () => unknown).mock.invocationCallOrder[0]!
    expect(order(fake.testConnection)).toBeLessThan(order(fake.turnOn))
    expect(fake.countSkipped).toHaveBeenCalledWith(offApp.appId, offAt)
    expect(r.stage.value).toBe('offer')
    expect(r.skipped.value).toEqual({ count: 7, capped: false })

    await r.redeliver()
    expect(fake.redeliverSkipped).toHaveBeenCalledWith(offApp.appId, offAt)
    expect(r.stage.value).toBe('redelivered')
    expect(r.outcome.value).toEqual({ queued: 6, skipped: 1, capped: false })
  })

  it('stays off when the test fails, and never turns it on', async () => {
    const fake = steps({
      testConnection: vi.fn(() => Promise.resolve({ ok: false, status: 410, latencyMs: 5, message: '410 Gone' })),
    })
    const r = useReactivation(fake)
    expect(await r.turnOn(offApp)).toBeUndefined()
    expect(r.stage.value).toBe('test-failed')
    expect(fake.turnOn).not.toHaveBeenCalled()
    expect(fake.countSkipped).not.toHaveBeenCalled()
  })

  it('reports the server’s own refusal to turn it on as a failed test', async () => {
    const fake = steps({ turnOn: vi.fn(() => Promise.reject(new Error('The connection test failed: 503'))) })
    const r = useReactivation(fake)
    expect(await r.turnOn(offApp)).toBeUndefined()
    expect(r.stage.value).toBe('test-failed')
    expect(r.error.value).toContain('503')
  })

  it('offers nothing when nothing was skipped, or when the app has no time it went off', async () => {
    const none = useReactivation(steps({ countSkipped: vi.fn(() => Promise.resolve({ count: 0, capped: false })) }))
    await none.turnOn(offApp)
    expect(none.stage.value).toBe('nothing-skipped')

    const fake = steps()
    const never = useReactivation(fake)
    await never.offerFor(onApp, undefined)
    expect(never.stage.value).toBe('nothing-skipped')
    expect(fake.countSkipped).not.toHaveBeenCalled()
  })
})

describe('shortId', () => {
  it('keeps the prefix and the tail of a long id, and short ids whole', () => {
    expect(shortId('app_0123456789abcdef01234567')).toBe('app_…234567')
    expect(shortId('app_123')).toBe('app_123')
    expect(shortId('0123456789abcdef')).toBe('…abcdef')
  })
})
