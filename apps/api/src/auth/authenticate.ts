import { apiKeyPrefix, type Store } from '@hookline/store'
import type { Request } from 'express'
import { HttpProblem } from '../http/problem.ts'
import type { Principal } from './principal.ts'
import type { TokenService } from './tokens.ts'

export type Authenticator = (request: Request) => Promise<Principal>

const unauthorized = (detail: string) =>
  new HttpProblem(401, detail, { type: 'unauthorized', headers: { 'WWW-Authenticate': 'Bearer realm="hookline"' } })

/**
 * Reads `Authorization: Bearer <token or API key>`. The user and the session
 * behind a token are read again on every request, so disabling a user,
 * changing a role, signing out or changing the password take effect at once.
 * An API key is reused for up to HOOKLINE_PUBLISH_CACHE_MS (every publish
 * carries one); revoking it through this process drops it at once, through
 * another process within that time.
 */
export interface AuthenticatorOptions {
  /** Told when recording a key's last use failed (the request goes on). */
  onTouchFailed?(error: unknown, keyId: string): void
}

export function createAuthenticator(store: Store, tokens: TokenService, options: AuthenticatorOptions = {}): Authenticator {
  return async (request) => {
    const header = request.get('authorization')
    if (!header) throw unauthorized('Sign in and send the token (or an API key) as "Authorization: Bearer …".')
    const match = /^Bearer +(\S{1,4096})$/i.exec(header.trim())
    if (!match?.[1]) throw unauthorized('The Authorization header must be "Bearer" followed by a token or an API key.')
    const credential = match[1]

    if (credential.startsWith(apiKeyPrefix)) {
      // Cached for a moment (HOOKLINE_PUBLISH_CACHE_MS); a revocation through this process drops it at once.
      const apiKey = await store.publishReads.activeApiKey(credential)
      if (!apiKey) throw unauthorized('This API key is unknown or has been revoked.')
      // `lastUsedAt` is bookkeeping: a busy database failing to record it
      // must not fail the publish it came with (the next use records it).
      await store.apiKeys.touch(apiKey._id).catch((error: unknown) => options.onTouchFailed?.(error, apiKey._id))
      return { kind: 'api-key', tenantId: apiKey.tenantId, apiKey }
    }

    const claims = await tokens.verify(credential)
    if (!claims) throw unauthorized('The token is invalid or has expired; sign in again.')
    const [session, user] = await Promise.all([store.sessions.findLive(claims.sessionId), store.users.get(claims.tenantId, claims.userId)])
    if (!user) throw unauthorized('The account behind this token no longer exists; sign in again.')
    if (user.disabled) throw unauthorized('This account is disabled.')
    if (!session || session.userId !== user._id) {
      throw unauthorized('This session has ended (signed out, password changed or reset, or account disabled); sign in again.')
    }
    return { kind: 'user', tenantId: user.tenantId, user, role: user.role, sessionId: session._id }
  }
}
