import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApi, type TestApi } from './support/test-api.ts'

// Finding 1 of issue 14: limits follow who the caller is, not what the Authorization header says.

describe('request limits keyed on the resolved identity', () => {
  let t: TestApi
  let key: string
  beforeAll(async () => {
    t = await startTestApi('api-rate-limits', { HOOKLINE_RATE_LIMIT: '5' })
    const created = await t.request('POST', '/api/v1/api-keys', { token: t.operator.token, body: { name: 'Publisher', scopes: ['events:publish'] } })
    key = created.body.key
  })
  afterAll(() => t.close())

  it('an API key past its limit stays limited whatever the case or spacing of the header', async () => {
    for (let index = 0; index < 5; index++) {
      const reply = await t.request('GET', '/api/v1/event-types', { headers: { authorization: `Bearer ${key}` } })
      expect(reply.status).toBe(200)
    }
    for (const header of [`Bearer ${key}`, `bearer ${key}`, `BEARER ${key}`, `Bearer  ${key}`, ` Bearer ${key} `]) {
      const reply = await t.request('GET', '/api/v1/event-types', { headers: { authorization: header } })
      expect({ header, status: reply.status }).toEqual({ header, status: 429 })
      expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(reply.body.detail).toMatch(/for this API key/)
    }
  })

  it('an address past its limit gets no fresh bucket by adding a junk Authorization header, even to sign in', async () => {
    const statuses: number[] = []
    for (let index = 0; index < 6; index++) {
      statuses.push((await t.request('POST', '/api/v1/auth/login', { body: { email: 'nobody@hookline.test', password: 'x' } })).status)
    }
    expect(statuses.at(-1)).toBe(429)
    for (const junk of ['Bearer junk1', 'Bearer junk2', 'Basic Zm9vOmJhcg==']) {
      const reply = await t.request('POST', '/api/v1/auth/login', {
        headers: { authorization: junk },
        body: { email: 'operator@hookline.test', password: 'operator-password-1' },
      })
      expect({ junk, status: reply.status }).toEqual({ junk, status: 429 })
    }
    // Junk tokens on authenticated routes count against the address too, instead of answering 401 without end.
    const junkToken = await t.request('GET', '/api/v1/apps', { headers: { authorization: 'Bearer junk3' } })
    expect(junkToken.status).toBe(429)
  })
})

describe('sign-in back-off', () => {
  let t: TestApi
  beforeAll(async () => {
    t = await startTestApi('api-login-throttle', { HOOKLINE_RATE_LIMIT: '10000' })
  })
  afterAll(() => t.close())

  async function attempt(email: string, password: string) {
    const reply = await t.request('POST', '/api/v1/auth/login', { body: { email, password } })
    return { status: reply.status, type: reply.body?.type, detail: reply.body?.detail, retryAfter: reply.headers.get('retry-after') }
  }

  it('after 5 wrong passwords even the right one waits (429, Retry-After); an unknown account answers the same', async () => {
    const known = await t.createUser('Viewer')
    const unknown = 'nobody-at-all@hookline.test'
    const knownAnswers = []
    const unknownAnswers = []
    for (let index = 0; index < 5; index++) {
      knownAnswers.push(await attempt(known.email, 'wrong password'))
      unknownAnswers.push(await attempt(unknown, 'wrong password'))
    }
    expect(knownAnswers.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401])
    const blocked = await attempt(known.email, known.password)
    expect(blocked.status).toBe(429)
    expect(Number(blocked.retryAfter)).toBeGreaterThanOrEqual(1)
    const blockedUnknown = await attempt(unknown, known.password)
    expect(blockedUnknown).toEqual(blocked)
    expect(unknownAnswers).toEqual(knownAnswers)

    // The wait doubles with each further failure: wait it out, fail again, and the next wait is longer.
    await new Promise((resolve) => setTimeout(resolve, Number(blocked.retryAfter) * 1000 + 100))
    expect((await attempt(known.email, 'wrong again')).status).toBe(401)
    const longer = await attempt(known.email, known.password)
    expect(longer.status).toBe(429)
    expect(Number(longer.retryAfter)).toBeGreaterThan(Number(blocked.retryAfter))
  }, 30_000)

  it('an address that fails on many accounts is slowed down too, for any account', async () => {
    // Each email fails once only, so no account is slowed down: only the address's count (20 allowed) can stop this.
    const statuses: number[] = []
    for (let index = 0; index < 25 && !statuses.includes(429); index++) {
      statuses.push((await attempt(`spray-${index}@hookline.test`, 'Winter2026!')).status)
    }
    expect(statuses.at(-1)).toBe(429)
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(20)
    const next = await attempt('someone-new@hookline.test', 'whatever')
    expect(next.status).toBe(429)
    expect(next.retryAfter).toBeTruthy()
  })
})
