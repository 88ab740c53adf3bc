import { hash, verify } from '@node-rs/argon2'

/** Argon2id cost. Production uses the OWASP baseline; tests lower it to stay fast. */
export interface PasswordHashingCost {
  memoryCost: number
  timeCost: number
}

export interface PasswordHasher {
  hash(password: string): Promise<string>
  verify(passwordHash: string, password: string): Promise<boolean>
  /**
   * Spends the same time as a real check, for sign-ins with an unknown
   * email, so response times do not reveal which emails exist.
   */
  verifyNothing(password: string): Promise<void>
}

export function createPasswordHasher(cost: PasswordHashingCost): PasswordHasher {
  // argon2's default algorithm is Argon2id.
  const options = { memoryCost: cost.memoryCost, timeCost: cost.timeCost, parallelism: 1 }
  const decoy = hash('hookline decoy password', options)
  return {
    hash: (password) => hash(password, options),
    async verify(passwordHash, password) {
      try {
        return await verify(passwordHash, password)
      } catch {
        // A malformed stored hash matches nothing.
        return false
      }
    },
    async verifyNothing(password) {
      await verify(await decoy, password).catch(() => false)
    },
  }
}
