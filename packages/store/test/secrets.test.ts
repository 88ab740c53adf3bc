import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createSecretBox, generateSecretKey, loadOrCreateSecretKeyFile, parseSecretKey, StoreError } from '../src/index.ts'

describe('parseSecretKey', () => {
  const bytes = randomBytes(32)

  it('accepts 32 bytes as hex, base64 and base64url', () => {
    expect(parseSecretKey(bytes.toString('hex'))).toEqual(bytes)
    expect(parseSecretKey(bytes.toString('base64'))).toEqual(bytes)
    expect(parseSecretKey(` ${bytes.toString('base64url')}\n`)).toEqual(bytes)
    expect(parseSecretKey(generateSecretKey())).toHaveLength(32)
  })

  it('says how long a wrong-sized key is', () => {
    expect(() => parseSecretKey(randomBytes(16).toString('base64'))).toThrow(/32 bytes.*decodes to 16 bytes/)
  })

  it('refuses text that is neither hex nor base64', () => {
    expect(() => parseSecretKey('not a key!')).toThrow(StoreError)
  })
})

describe('loadOrCreateSecretKeyFile', () => {
  it('creates a key once (mode 0600) and reads the same key back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hookline-key-'))
    try {
      const file = join(dir, 'nested', 'secret-key')
      const first = await loadOrCreateSecretKeyFile(file)
      const second = await loadOrCreateSecretKeyFile(file)
      expect(first.created).toBe(true)
      expect(second.created).toBe(false)
      expect(second.key).toEqual(first.key)
      expect((await stat(file)).mode & 0o777).toBe(0o600)
      expect(parseSecretKey(await readFile(file, 'utf8'))).toEqual(first.key)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('createSecretBox', () => {
  const box = createSecretBox(randomBytes(32))

  it('round-trips and never stores the plaintext', () => {
    const sealed = box.seal('hunter2-password', 'app_1:password')
    expect(sealed).not.toContain('hunter2')
    expect(sealed.startsWith('v1.')).toBe(true)
    expect(box.open(sealed, 'app_1:password')).toBe('hunter2-password')
  })

  it('uses a fresh IV each time', () => {
    expect(box.seal('same', 'ctx')).not.toBe(box.seal('same', 'ctx'))
  })

  it('refuses a value moved to another context', () => {
    const sealed = box.seal('secret', 'app_1:password')
    expect(() => box.open(sealed, 'app_2:password')).toThrow(/Cannot decrypt app_2:password/)
  })

  it('refuses a tampered value and a different key', () => {
    const sealed = box.seal('secret', 'ctx')
    const parts = sealed.split('.')
    const data = Buffer.from(parts[3]!, 'base64url')
    data[0] = data[0]! ^ 1
    parts[3] = data.toString('base64url')
    expect(() => box.open(parts.join('.'), 'ctx')).toThrow(StoreError)
    expect(() => createSecretBox(randomBytes(32)).open(sealed, 'ctx')).toThrow(/HOOKLINE_SECRET_KEY differs/)
  })

  it('refuses an unknown format', () => {
    expect(() => box.open('plain text', 'ctx')).toThrow(/unknown format/)
  })
})
