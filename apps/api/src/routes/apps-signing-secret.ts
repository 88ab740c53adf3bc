import { generateSigningSecret } from '@hookline/store'
import { access } from '../auth/access.ts'
import { defineRoute, type RouteDefinition } from '../http/route.ts'
import { freshSigningSecretView } from '../schemas/signing-secret.ts'

/**
 * `POST /api/v1/apps/signing-secret`: a new secret for an app that does not
 * exist yet, so the receiver can be configured with it before the first
 * connection test. Stored nowhere: the form sends it back with the test and
 * the save.
 */
export function freshSigningSecretRoute(): RouteDefinition {
  return defineRoute({
    method: 'post',
    path: '/api/v1/apps/signing-secret',
    operationId: 'createSigningSecret',
    summary: 'Generate a signing secret for a new application',
    description:
      'Answers a fresh `whsec_…` secret and stores nothing. Configure the receiver with it, then pass it as `signingSecret` to the connection test and to `POST /api/v1/apps`: the saved app signs with exactly this secret.',
    tag: 'Applications',
    access: access.role('Manager'),
    status: 200,
    response: freshSigningSecretView,
    async handle({ response }) {
      response.set('Cache-Control', 'no-store')
      return { secret: generateSigningSecret() }
    },
  })
}
