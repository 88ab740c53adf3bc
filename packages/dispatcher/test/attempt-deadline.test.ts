import { describe, expect, test } from 'vitest'
import { startAttemptDeadline } from '../src/attempt-deadline.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('startAttemptDeadline', () => {
  test('aborts at the deadline with a TimeoutError, as AbortSignal.timeout does', async () => {
    const deadline = startAttemptDeadline(20)
    await sleep(60)
    expect(deadline.signal.aborted).toBe(true)
    expect((deadline.signal.reason as DOMException).name).toBe('TimeoutError')
    deadline.end()
  })

  test('an ended attempt is never aborted, by the timer or by the caller', async () => {
    const caller = new AbortController()
    const deadline = startAttemptDeadline(20, caller.signal)
    deadline.end()
    caller.abort(new Error('too late'))
    await sleep(60)
    expect(deadline.signal.aborted).toBe(false)
  })

  test('the caller’s cancel aborts with the caller’s reason, also when it came first', () => {
    const caller = new AbortController()
    const running = startAttemptDeadline(60_000, caller.signal)
    const reason = new DOMException('stopping', 'AbortError')
    caller.abort(reason)
    expect(running.signal.reason).toBe(reason)
    running.end()
    const late = startAttemptDeadline(60_000, caller.signal)
    expect(late.signal.reason).toBe(reason)
    late.end()
  })

  test('onAbort calls back once at the deadline; a listener taken off is not called', async () => {
    const deadline = startAttemptDeadline(20)
    const calls: string[] = []
    deadline.onAbort(() => calls.push('kept'))
    const stop = deadline.onAbort(() => calls.push('taken off'))
    stop()
    expect(deadline.aborted).toBe(false)
    await sleep(60)
    expect(calls).toEqual(['kept'])
    expect(deadline.aborted).toBe(true)
    expect((deadline.reason as DOMException).name).toBe('TimeoutError')
    deadline.end()
  })

  test('a listener added after the abort is still called, and a signal read late is already aborted', async () => {
    const caller = new AbortController()
    const deadline = startAttemptDeadline(60_000, caller.signal)
    const reason = new Error('stopping')
    caller.abort(reason)
    let called = 0
    deadline.onAbort(() => called++)
    expect(called).toBe(0)
    await Promise.resolve()
    expect(called).toBe(1)
    expect(deadline.signal.aborted).toBe(true)
    expect(deadline.signal.reason).toBe(reason)
    deadline.end()
  })

  test('the signal, once read, aborts with the deadline', async () => {
    const deadline = startAttemptDeadline(20)
    const signal = deadline.signal
    expect(signal.aborted).toBe(false)
    await sleep(60)
    expect(signal.aborted).toBe(true)
    expect(signal.reason).toBe(deadline.reason)
    deadline.end()
  })
})
