import type { EnvelopeTenant, EventEnvelope } from '../types/envelope.ts'

/** The connection test's event type: never in the catalog, never published. */
export const testEventType = 'webhook.test'

/** `webhook.test`'s payload: a sentence for whoever reads the receiver's log, and the tenant. */
export interface TestEventDetail {
  message: string
  tenant: { id: string; name: string }
}

export interface TestEnvelopeContext {
  /** An event id (`evt_…`), like every published event's. */
  id: string
  tenant: EnvelopeTenant
  now: Date
}

/**
 * The connection test's event, shaped exactly like every other envelope (the
 * same fields, an event id, the tenant) so a receiver that parses envelopes
 * strictly accepts it. `subjectDetail.tenant` repeats the envelope's tenant.
 */
export function buildTestEnvelope(context: TestEnvelopeContext): EventEnvelope<typeof testEventType> & { subjectDetail: TestEventDetail } {
  return {
    id: context.id,
    type: testEventType,
    portalEventId: 'WebhookTest',
    eventDate: context.now.toISOString(),
    ip: null,
    status: 'Success',
    subjectType: 'Test',
    subjectId: 0,
    subjectTitle: 'Hookline connection test',
    tenant: { ...context.tenant },
    user: null,
    isSystem: true,
    subjectDetail: {
      message: 'Test event from Hookline: your endpoint is reachable and accepts these credentials.',
      tenant: { id: context.tenant.id, name: context.tenant.name },
    },
  }
}
