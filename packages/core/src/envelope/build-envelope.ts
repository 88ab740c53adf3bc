import type { EventDefinition } from '../catalog/event-definition.ts'
import type { EnvelopeTenant, EventEnvelope } from '../types/envelope.ts'
import type { EventType } from '../types/event-payload-map.ts'
import type { TypedPublishEventInput, UntypedPublishEventInput } from '../types/publish-input.ts'
import { copyPlainData } from '../utils/copy-plain-data.ts'

/** What the accepting side adds to a publish body to make an envelope. */
export interface EnvelopeContext {
  /** The new event's unique id; keep it for every retry and redelivery. */
  id: string
  /** From the publisher's credential, never from the body. */
  tenant: EnvelopeTenant
  /** When the event was accepted; `eventDate` defaults to it. */
  now: Date
  /**
   * Take the input's `subjectDetail` as it is instead of a copy. Only for a
   * caller that owns the input (freshly parsed JSON) and serializes the
   * envelope at once, as the API does: there the copy was made only to be
   * thrown away, 3 % of its busy CPU in batched ingest, and garbage to collect.
   */
  shareDetail?: boolean
}

/** The catalog entry's defaults an envelope falls back on. */
export type EnvelopeDefaults = Pick<EventDefinition, 'portalEventId' | 'subjectType'>

export const defaultEventStatus = 'Success'

/**
 * Builds the envelope of a validated publish body, applying the defaults:
 * portal id and subject type from the catalog, `eventDate` = now, ip and
 * user null, status "Success", not a system event. The payload is copied
 * (unless `shareDetail`) so later changes to the body cannot reach the
 * envelope; the copy reads proxies of plain data too (a Vue reactive
 * example in the dashboard), which `structuredClone` refuses with a
 * DataCloneError.
 */
export function buildEventEnvelope<K extends EventType>(
  input: TypedPublishEventInput<K>,
  defaults: EnvelopeDefaults,
  context: EnvelopeContext,
): EventEnvelope<K>
export function buildEventEnvelope(
  input: UntypedPublishEventInput,
  defaults: EnvelopeDefaults,
  context: EnvelopeContext,
): EventEnvelope
export function buildEventEnvelope(
  input: UntypedPublishEventInput,
  defaults: EnvelopeDefaults,
  context: EnvelopeContext,
): EventEnvelope {
  return {
    id: context.id,
    type: input.type,
    portalEventId: input.portalEventId ?? defaults.portalEventId,
    eventDate: input.eventDate ?? context.now.toISOString(),
    ip: input.ip ?? null,
    status: input.status ?? defaultEventStatus,
    subjectType: input.subjectType ?? defaults.subjectType,
    subjectId: input.subjectId,
    subjectTitle: input.subjectTitle,
    tenant: {
      id: context.tenant.id,
      name: context.tenant.name,
      subDomainUrl: context.tenant.subDomainUrl,
      portalTenantId: context.tenant.portalTenantId,
    },
    user: input.user ? { id: input.user.id, name: input.user.name, email: input.user.email } : null,
    isSystem: input.isSystem ?? false,
    subjectDetail: context.shareDetail ? input.subjectDetail : copyPlainData(input.subjectDetail),
  }
}
