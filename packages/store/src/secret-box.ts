import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
import { StoreError } from './errors.ts'

/**
 * Encrypts secrets at rest (Basic-auth passwords, signing secrets) with
 * AES-256-GCM. `context` is bound in as additional authenticated data, so a
 * sealed value copied into another app or field fails to open.
 */
export interface SecretBox {
  seal(plaintext: string, context: string): string
  open(sealed: string, context: string): string
}

const version = 'v1'
const ivLength = 12

/**
 * The encryption key is derived from HOOKLINE_SECRET_KEY with HKDF, so the
 * same master key can also derive unrelated keys (e.g. for tokens) safely.
 */
export function createSecretBox(masterKey: Uint8Array): SecretBox {
  const key = Buffer.from(hkdfSync('sha256', masterKey, new Uint8Array(0), 'hookline secrets at rest v1', 32))
  return {
    seal(plaintext, context) {
      const iv = randomBytes(ivLength)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      cipher.setAAD(Buffer.from(context, 'utf8'))
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
      return [version, iv, cipher.getAuthTag(), data].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.')
    },
    open(sealed, context) {
      const [tag, iv, authTag, data] = sealed.split('.')
      if (tag !== version || !iv || !authTag || data === undefined) {
        throw new StoreError('undecryptable', `Sealed value for ${context} has an unknown format`)
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
        decipher.setAAD(Buffer.from(context, 'utf8'))
        decipher.setAuthTag(Buffer.from(authTag, 'base64url'))
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8')
      } catch (error) {
        throw new StoreError(
          'undecryptable',
          `Cannot decrypt ${context}: HOOKLINE_SECRET_KEY differs from the key it was stored with, or the value was altered`,
          { cause: error },
        )
      }
    },
  }
}
