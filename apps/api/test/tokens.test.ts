import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createPasswordHasher } from '../src/auth/passwords.ts'
import { createTokenService } from '../src/auth/tokens.ts'

describe('sign-in tokens', () => {
  const key = randomBytes(32)
  const claims = { userId: 'usr_1', tenantId: 'ten_1', role: 'Manager' as const, sessionId: 'ses_1' }

  it('verify until they expire', async () => {
    let clock = new Date('2026-03-01T12:00:00Z')
    const tokens = createTokenService(key, 3600, () => clock)
    const { token, expiresAt } = await tokens.issue(claims)
    expect(expiresAt.toISOString()).toBe('2026-03-01T13:00:00.000Z')
    expect(await tokens.verify(token)).toEqual(claims)
    clock = new Date('2026-03-01T13:00:01Z')
    expect(await tokens.verify(token)).toBeUndefined()
  })

  it('do not verify under another secret key', async () => {
    const { token } = await createTokenService(key, 3600).issue(claims)
    expect(await createTokenService(randomBytes(32), 3600).verify(token)).toBeUndefined()
  })
})

describe('password hashing', () => {
  it('hashes with argon2id and verifies', async () => {
    const passwords = createPasswordHasher({ memoryCost: 256, timeCost: 1 })
    const hash = await passwords.hash('correct horse')
    expect(hash).toMatch(/^\$argon2id\$/)
    expect(await passwords.verify(hash, 'correct horse')).toBe(true)
    expect(await passwords.verify(hash, 'wrong horse')).toBe(false)
    expect(await passwords.verify('not a hash', 'correct horse')).toBe(false)
  })
})
