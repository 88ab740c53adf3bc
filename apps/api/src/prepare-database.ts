import type { Store } from '@hookline/store'
import type { PasswordHasher } from './auth/passwords.ts'
import { seedPlatformOperator, type SeedResult } from './services/seed-operator.ts'

/** At start: indexes, then the platform operator on first run. */
export async function prepareDatabase(
  store: Store,
  passwords: PasswordHasher,
  admin: { email: string; password: string | undefined },
): Promise<SeedResult> {
  await store.ensureIndexes()
  return seedPlatformOperator(store, passwords, admin)
}
