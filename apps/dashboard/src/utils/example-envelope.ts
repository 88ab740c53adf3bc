import {
  buildEventEnvelope,
  type EventEnvelope,
  type UntypedPublishEventInput,
} from '@hookline/core'
import type { CatalogEvent } from '../api/types.ts'

const exampleTenant = {
  id: 'ten_example',
  // Agrees with the plugins' example records (`subjectDetail.tenant`).
  name: 'Northwind Learning',
  subDomainUrl: 'https://portal.example.com',
  portalTenantId: 312,
}

/**
 * What an endpoint receives for a catalog event: the event's example publish
 * body wrapped in the envelope, built by core's own envelope builder.
 */
export function exampleEnvelope(event: CatalogEvent): EventEnvelope {
  const input = event.example as unknown as UntypedPublishEventInput
  return buildEventEnvelope(
    input,
    { portalEventId: event.portalEventId, subjectType: event.subjectType },
    {
      id: 'evt_01J0EXAMPLE0000000000000000',
      now: new Date('2025-01-15T09:30:00.000Z'),
      tenant: exampleTenant,
    },
  )
}
