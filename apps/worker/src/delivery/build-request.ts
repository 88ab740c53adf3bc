import { parseEnvelope, serializeEnvelope } from '@hookline/core'
import type { DeliveryRequest } from '@hookline/dispatcher'
import type { AppDocument, BatchDelivery, EventDocument } from '@hookline/store'
import type { SecretCache } from '../dispatch/secret-cache.ts'

/**
 * The request of one attempt: the event as the app wants it encoded, its
 * current endpoint, secrets, auth and headers, and the delivery's fixed
 * `webhook-id`. No timestamp: every attempt is signed at its own time.
 */
export function buildDeliveryRequest(
  delivery: BatchDelivery,
  app: AppDocument,
  event: EventDocument,
  secrets: SecretCache,
): DeliveryRequest {
  const body = app.legacySubjectDetailEncoding
    ? serializeEnvelope(parseEnvelope(event.envelopeJson), { legacySubjectDetailEncoding: true })
    : event.envelopeJson
  return {
    url: app.endpoint,
    messageId: delivery.messageId,
    body,
    signingSecrets: secrets.signingSecrets(app),
    auth:
      app.authType === 'basic'
        ? { type: 'basic', username: app.username ?? '', password: secrets.password(app) ?? '' }
        : { type: 'none' },
    headers: secrets.headers(app),
    sensitiveHeaders: app.headers.filter((header) => header.sensitive).map((header) => header.name),
  }
}
