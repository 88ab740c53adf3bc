import type { EventEnvelope, WireEventEnvelope } from '../types/envelope.ts'

export interface EnvelopeEncodingOptions {
  /**
   * Send `subjectDetail` as a JSON string inside the JSON body, as the
   * portal's own webhooks did (an application's opt-in for old receivers).
   */
  legacySubjectDetailEncoding: boolean
}

/** The envelope as it goes on the wire, with a stable field order. */
export function encodeEnvelope(envelope: EventEnvelope, options: EnvelopeEncodingOptions): WireEventEnvelope {
  return {
    id: envelope.id,
    type: envelope.type,
    portalEventId: envelope.portalEventId,
    eventDate: envelope.eventDate,
    ip: envelope.ip,
    status: envelope.status,
    subjectType: envelope.subjectType,
    subjectId: envelope.subjectId,
    subjectTitle: envelope.subjectTitle,
    tenant: envelope.tenant,
    user: envelope.user,
    isSystem: envelope.isSystem,
    subjectDetail: options.legacySubjectDetailEncoding
      ? JSON.stringify(envelope.subjectDetail)
      : envelope.subjectDetail,
  }
}

/** The request body delivered to an endpoint. */
export function serializeEnvelope(envelope: EventEnvelope, options: EnvelopeEncodingOptions): string {
  return JSON.stringify(encodeEnvelope(envelope, options))
}

/**
 * Reads a delivered body back into an envelope, accepting either encoding
 * of `subjectDetail` (for receivers and tests).
 */
export function parseEnvelope(body: string): EventEnvelope {
  const wire = JSON.parse(body) as WireEventEnvelope
  const subjectDetail = typeof wire.subjectDetail === 'string' ? (JSON.parse(wire.subjectDetail) as object) : wire.subjectDetail
  return { ...wire, subjectDetail }
}
