import { hkdfSync } from 'node:crypto'
import { isRole, type Role } from '@hookline/core'
import { errors, jwtVerify, SignJWT } from 'jose'

/** What a sign-in token says. The user is re-read on every request, so the role here is informative. */
export interface TokenClaims {
  userId: string
  tenantId: string
  role: Role
  /** The session this token belongs to; revoking it ends the token before it expires. */
  sessionId: string
}

export interface TokenService {
  issue(claims: TokenClaims): Promise<{ token: string; expiresAt: Date }>
  /** How long a token lives from now: the session is given the same end. */
  expiryFromNow(): Date
  /** The claims of a valid, unexpired token; undefined otherwise. */
  verify(token: string): Promise<TokenClaims | undefined>
}

const issuer = 'hookline'
const audience = 'hookline-api'

/** HS256 tokens, keyed by HKDF from HOOKLINE_SECRET_KEY (separate from the encryption key). */
export function createTokenService(masterKey: Uint8Array, ttlSeconds: number, now: () => Date = () => new Date()): TokenService {
  const key = new Uint8Array(hkdfSync('sha256', masterKey, new Uint8Array(0), 'hookline sign-in tokens v1', 32))
  return {
    expiryFromNow: () => new Date((Math.floor(now().getTime() / 1000) + ttlSeconds) * 1000),
    async issue(claims) {
      const issuedAt = Math.floor(now().getTime() / 1000)
      const expiresAt = new Date((issuedAt + ttlSeconds) * 1000)
      const token = await new SignJWT({ tid: claims.tenantId, role: claims.role, sid: claims.sessionId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claims.userId)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttlSeconds)
        .sign(key)
      return { token, expiresAt }
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer,
          audience,
          algorithms: ['HS256'],
          currentDate: now(),
        })
        const { sub, tid, role, sid } = payload
        if (typeof sub !== 'string' || typeof tid !== 'string' || !isRole(role) || typeof sid !== 'string') return undefined
        return { userId: sub, tenantId: tid, role, sessionId: sid }
      } catch (error) {
        if (error instanceof errors.JOSEError) return undefined
        throw error
      }
    },
  }
}
