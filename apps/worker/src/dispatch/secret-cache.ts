import type { AppDocument, Store } from '@hookline/store'

interface CachedSecrets {
  signing: string[]
  password: string | undefined
  /** Custom headers with sensitive values opened. */
  headers: Record<string, string>
  /** When a rotated-out secret stops signing: the list must be read again then. */
  validUntil: number
}

const maxEntries = 10_000

/**
 * Decrypted secrets (signing secrets, password, sensitive header values) per app and secret version, so a batch of a hundred
 * deliveries to one app opens its secrets once. The key includes the sealed
 * values, so a rotation or a new password is picked up at once.
 */
export function createSecretCache(store: Store, now: () => Date) {
  const cache = new Map<string, CachedSecrets>()
  // A batch reads its apps once and asks for each app's secrets three times per delivery: the key is built once per app read.
  const keys = new WeakMap<AppDocument, string>()

  function versionKey(app: AppDocument): string {
    let key = keys.get(app)
    if (key === undefined) {
      key = sealedVersion(app)
      keys.set(app, key)
    }
    return key
  }

  function sealedVersion(app: AppDocument): string {
    const signing = app.signingSecrets.map((secret) => `${secret.sealed}@${secret.expiresAt?.getTime() ?? ''}`).join('|')
    const headers = app.headers.map((header) => `${header.name}=${header.sealedValue ?? header.value ?? ''}`).join('|')
    return `${app._id}|${signing}|${app.sealedPassword ?? ''}|${headers}`
  }

  function read(app: AppDocument): CachedSecrets {
    const key = versionKey(app)
    const at = now()
    const cached = cache.get(key)
    if (cached && cached.validUntil > at.getTime()) return cached
    const expiries = app.signingSecrets.flatMap((secret) => (secret.expiresAt && secret.expiresAt > at ? [secret.expiresAt.getTime()] : []))
    const fresh: CachedSecrets = {
      signing: store.apps.validSigningSecrets(app, at),
      password: store.apps.password(app),
      headers: store.apps.headerValues(app),
      validUntil: Math.min(Number.POSITIVE_INFINITY, ...expiries),
    }
    if (cache.size >= maxEntries) cache.clear()
    cache.set(key, fresh)
    return fresh
  }

  return {
    signingSecrets: (app: AppDocument) => read(app).signing,
    password: (app: AppDocument) => read(app).password,
    headers: (app: AppDocument) => read(app).headers,
  }
}

export type SecretCache = ReturnType<typeof createSecretCache>
