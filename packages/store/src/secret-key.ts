import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { StoreError } from './errors.ts'

/** HOOKLINE_SECRET_KEY is 32 bytes: AES-256 needs exactly that much key. */
export const secretKeyLength = 32

/**
 * Parses HOOKLINE_SECRET_KEY: 32 bytes written as 64 hex digits or as base64
 * (standard or URL-safe). Throws a StoreError that says what was wrong.
 */
export function parseSecretKey(text: string): Buffer {
  const value = text.trim()
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex')
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
    if (bytes.length === secretKeyLength) return bytes
    throw new StoreError(
      'invalid-secret-key',
      `must be ${secretKeyLength} bytes; this base64 value decodes to ${bytes.length} bytes`,
    )
  }
  throw new StoreError('invalid-secret-key', `must be ${secretKeyLength} bytes written as base64 or as 64 hex digits`)
}

/** A new random key in the base64 form HOOKLINE_SECRET_KEY accepts. */
export function generateSecretKey(): string {
  return randomBytes(secretKeyLength).toString('base64')
}

/**
 * For local use only: reads the key kept in `file`, or generates one and
 * writes it there (mode 0600) so encrypted data stays readable across restarts.
 */
export async function loadOrCreateSecretKeyFile(file: string): Promise<{ key: Buffer; created: boolean }> {
  if (existsSync(file)) {
    const text = await readFile(file, 'utf8')
    try {
      return { key: parseSecretKey(text), created: false }
    } catch (error) {
      throw new StoreError('invalid-secret-key', `The key in ${file} ${(error as Error).message}`, { cause: error })
    }
  }
  const text = generateSecretKey()
  await mkdir(dirname(file), { recursive: true })
  await writeFile(file, `${text}\n`, { mode: 0o600, flag: 'wx' })
  return { key: parseSecretKey(text), created: true }
}

/** Where the process's secret key came from. */
export interface ResolvedSecretKey {
  key: Buffer
  /** The development key file, when HOOKLINE_SECRET_KEY was not set. */
  file?: string
  /** The key file did not exist and was written just now. */
  created?: boolean
}

/**
 * The key the API and the worker share: HOOKLINE_SECRET_KEY when it is set
 * (a StoreError `invalid-secret-key` when it is malformed), otherwise the key
 * file `<dataDir>/secret-key`, created on first use (local use only).
 */
export async function resolveSecretKey(setting: string | undefined, dataDir: string): Promise<ResolvedSecretKey> {
  if (setting !== undefined) return { key: parseSecretKey(setting) }
  const file = join(dataDir, 'secret-key')
  const { key, created } = await loadOrCreateSecretKeyFile(file)
  return { key, file, created }
}
