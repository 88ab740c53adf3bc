/**
 * What a service API key may do. A key reaches only routes that name one of
 * its scopes; every other route needs a signed-in user.
 */
export const apiKeyScopes = ['events:publish'] as const

export type ApiKeyScope = (typeof apiKeyScopes)[number]
