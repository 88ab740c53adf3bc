import { describe, expect, it } from 'vitest'
import { buildTestEnvelope, eventIdPattern, newEventId } from '../src/index.ts'

describe('the webhook.test envelope', () => {
  it('has every envelope field, an event id, and the tenant in subjectDetail too', () => {
    const tenant = { id: 'ten_default', name: 'Default portal', subDomainUrl: null, portalTenantId: null }
    const envelope = buildTestEnvelope({ id: newEventId(new Date('2026-12-02T10:00:00Z')), tenant, now: new Date('2026-12-02T10:00:00Z') })
    expect(envelope.id).toMatch(new RegExp(eventIdPattern))
    expect(Object.keys(envelope).sort()).toEqual(
      ['eventDate', 'id', 'ip', 'isSystem', 'portalEventId', 'status', 'subjectDetail', 'subjectId', 'subjectTitle', 'subjectType', 'tenant', 'type', 'user'],
    )
    expect(envelope.tenant).toEqual(tenant)
    expect(envelope.subjectDetail.tenant).toEqual({ id: tenant.id, name: tenant.name })
    expect(JSON.stringify(envelope)).not.toContain('""')
  })

  it('event ids sort by time', () => {
    const earlier = newEventId(new Date('2026-01-01T00:00:00Z'))
    const later = newEventId(new Date('2026-01-01T00:00:01Z'))
    expect(earlier < later).toBe(true)
    expect(later).toMatch(new RegExp(eventIdPattern))
  })
})
