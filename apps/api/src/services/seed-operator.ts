import { randomBytes } from 'node:crypto'
import { isDuplicateKeyError, StoreError, type Store } from '@hookline/store'
import type { PasswordHasher } from '../auth/passwords.ts'

export interface SeedResult {
  created: boolean
  email: string
  /** Set when no password was configured: print it once, it is not stored anywhere. */
  generatedPassword?: string
}

/** The first tenant has a fixed id, so two processes starting at once cannot both seed. */
export const defaultTenantId = 'ten_default'

/**
 * On first start: the default tenant and its Administrator, who is also the
 * platform operator. Later starts change nothing (the password is not reset).
 */
export async function seedPlatformOperator(
  store: Store,
  passwords: PasswordHasher,
  admin: { email: string; password: string | undefined },
): Promise<SeedResult> {
  const existing = await store.users.findPlatformOperator()
  if (existing) return { created: false, email: existing.email }
  const generatedPassword = admin.password === undefined ? randomBytes(12).toString('base64url') : undefined
  const passwordHash = await passwords.hash(admin.password ?? generatedPassword!)
  try {
    await store.tenants.create({ id: defaultTenantId, name: 'Default portal', createdBy: 'seed' })
  } catch (error) {
    // Another process seeded it, or an earlier start stopped half-way: go on and add the operator.
    if (!isDuplicateKeyError(error)) throw error
  }
  try {
    await store.users.create({
      tenantId: defaultTenantId,
      email: admin.email,
      name: 'Administrator',
      role: 'Administrator',
      passwordHash,
      platformOperator: true,
      createdBy: 'seed',
    })
  } catch (error) {
    if (error instanceof StoreError && error.code === 'duplicate') return { created: false, email: admin.email }
    throw error
  }
  return { created: true, email: admin.email, ...(generatedPassword ? { generatedPassword } : {}) }
}
