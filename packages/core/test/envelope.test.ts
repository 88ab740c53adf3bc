import { describe, expect, it } from 'vitest'
import {
  buildEventEnvelope,
  createEventRegistry,
  encodeEnvelope,
  parseEnvelope,
  serializeEnvelope,
  type EnvelopeContext,
} from '../src/index.ts'
import { sampleCategory, sampleCreatedExample } from './fixtures/sample-category.ts'

const registry = createEventRegistry({ categories: [sampleCategory] })
const [createdEvent, archivedEvent] = sampleCategory.events
const context: EnvelopeContext = {
  id: 'evt_01HX3M5V9Q',
  tenant: { id: 'tnt_acme', name: 'Acme Media', subDomainUrl: 'https://acme.example.com', portalTenantId: 7 },
  now: new Date('2024-05-02T07:20:00.000Z'),
}

describe('building the envelope', () => {
  it('keeps what the publisher sent and adds id and tenant', () => {
    const envelope = registry.buildEnvelope(createdEvent!.example, context)
    expect(envelope).toEqual({
      id: 'evt_01HX3M5V9Q',
      type: 'sample.created',
      portalEventId: 'SampleCreated',
      eventDate: '2024-05-02T09:14:03.120+02:00',
      ip: '203.0.113.9',
      status: 'Success',
      subjectType: 'Video',
      subjectId: 41,
      subjectTitle: 'Quarterly all-hands',
      tenant: context.tenant,
      user: { id: 'u-17', name: 'Dana Whitfield', email: 'dana.whitfield@acme.example' },
      isSystem: false,
      subjectDetail: createdEvent!.example.subjectDetail,
    })
  })

  it('fills defaults from the catalog and the clock', () => {
    const envelope = registry.buildEnvelope(archivedEvent!.example, context)
    expect(envelope).toMatchObject({
      portalEventId: 'SampleArchived',
      eventDate: '2024-05-02T07:20:00.000Z',
      ip: null,
      status: 'Success',
      subjectType: 'Video',
      user: null,
      isSystem: true,
    })
  })

  it('lets the publisher override portal id, subject type and status', () => {
    const envelope = buildEventEnvelope(
      { ...archivedEvent!.example, portalEventId: 'LegacyArchive', subjectType: 'Live', status: 'Failed' },
      archivedEvent!,
      context,
    )
    expect(envelope).toMatchObject({ portalEventId: 'LegacyArchive', subjectType: 'Live', status: 'Failed' })
  })

  it('copies the payload, so later changes to the body do not leak in', () => {
    const input = structuredClone(sampleCreatedExample)
    const envelope = registry.buildEnvelope(input, context)
    input.subjectDetail.tags.push('changed')
    expect(envelope.subjectDetail.tags).toEqual(['town-hall'])
  })

  it('takes the detail as it is when the caller owns the input and says so (shareDetail), and the same JSON comes out', () => {
    const input = structuredClone(sampleCreatedExample)
    const shared = registry.buildEnvelope(input, { ...context, shareDetail: true })
    expect(shared.subjectDetail).toBe(input.subjectDetail)
    expect(serializeEnvelope(shared, { legacySubjectDetailEncoding: false })).toBe(
      serializeEnvelope(registry.buildEnvelope(input, context), { legacySubjectDetailEncoding: false }),
    )
  })

  it('accepts a proxy of plain data, as a Vue reactive example is (structuredClone refuses it)', () => {
    const reactiveLike = <T extends object>(target: T): T =>
      new Proxy(target, {
        get: (object, key, receiver) => {
          const value: unknown = Reflect.get(object, key, receiver)
          return value !== null && typeof value === 'object' ? reactiveLike(value) : value
        },
      })
    const input = reactiveLike(structuredClone(sampleCreatedExample))
    const fromProxy = buildEventEnvelope(input, createdEvent!, context)
    const fromPlain = buildEventEnvelope(structuredClone(sampleCreatedExample), createdEvent!, context)
    expect(fromProxy).toEqual(fromPlain)
    expect(() => structuredClone(fromProxy)).not.toThrow()
  })

  it('refuses a type no category declares', () => {
    expect(() =>
      registry.buildEnvelope({ type: 'sample.unknown', subjectId: 1, subjectTitle: 'x', subjectDetail: {} }, context),
    ).toThrow(expect.objectContaining({ code: 'unknown-event-type' }))
  })
})

describe('encoding the envelope', () => {
  const envelope = registry.buildEnvelope(createdEvent!.example, context)

  it('sends subjectDetail as an object by default', () => {
    const body = serializeEnvelope(envelope, { legacySubjectDetailEncoding: false })
    const parsed = JSON.parse(body) as Record<string, unknown>
    expect(parsed.subjectDetail).toEqual(createdEvent!.example.subjectDetail)
    expect(Object.keys(parsed)).toEqual([
      'id', 'type', 'portalEventId', 'eventDate', 'ip', 'status', 'subjectType',
      'subjectId', 'subjectTitle', 'tenant', 'user', 'isSystem', 'subjectDetail',
    ])
  })

  it('double-encodes subjectDetail as a JSON string in legacy mode, like the portal', () => {
    const wire = encodeEnvelope(envelope, { legacySubjectDetailEncoding: true })
    expect(typeof wire.subjectDetail).toBe('string')
    expect(JSON.parse(wire.subjectDetail as string)).toEqual(createdEvent!.example.subjectDetail)
    const body = serializeEnvelope(envelope, { legacySubjectDetailEncoding: true })
    expect(JSON.parse(body)).toEqual(wire)
  })

  it('parses either encoding back to the same envelope', () => {
    for (const legacySubjectDetailEncoding of [false, true]) {
      expect(parseEnvelope(serializeEnvelope(envelope, { legacySubjectDetailEncoding }))).toEqual(envelope)
    }
  })
})
