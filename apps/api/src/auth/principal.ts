import type { Role } from '@hookline/core'
import type { ApiKeyDocument, UserDocument } from '@hookline/store'

/** Who is calling: a signed-in user or a service API key, always within one tenant. */
export type Principal =
  | { kind: 'user'; tenantId: string; user: UserDocument; role: Role; sessionId: string }
  | { kind: 'api-key'; tenantId: string; apiKey: Readonly<ApiKeyDocument> }

/** How records name who created or changed them. */
export function actorOf(principal: Principal): string {
  return principal.kind === 'user' ? principal.user.email : `api-key:${principal.apiKey.prefix}`
}
