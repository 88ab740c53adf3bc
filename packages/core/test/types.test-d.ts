// Compile-time guarantees of the plugin contract, checked by `vitest --typecheck`
// (and by `tsc --noEmit`): payload types attach to type keys by declaration
// merging (see fixtures/sample-category.ts), and a wrong payload fails to compile.
import { describe, expectTypeOf, it } from 'vitest'
import {
  createEventRegistry,
  defineEventCategory,
  definePublishInput,
  type EventEnvelope,
  type EventPayload,
  type EventType,
  type KnownEventEnvelope,
  type PublishEventInput,
} from '../src/index.ts'
import { sampleCategory, type SampleArchived, type SampleRecord } from './fixtures/sample-category.ts'

const detail: SampleRecord = {
  id: 1,
  title: 'Town hall',
  owner: { id: 2, firstName: 'Ana', lastName: 'Lind' },
  tags: [],
  createdDate: '2024-05-02T09:14:03Z',
}

describe('EventPayloadMap', () => {
  it('collects the merged type keys and their payloads', () => {
    // The built-in system category's types are always there beside the merged ones.
    expectTypeOf<EventType>().toEqualTypeOf<'sample.created' | 'sample.archived' | 'other.pinged' | 'system.app.deactivated' | 'system.app.reactivated'>()
    expectTypeOf<EventPayload<'sample.archived'>>().toEqualTypeOf<SampleArchived>()
    expectTypeOf<EventPayload<'not.declared'>>().toEqualTypeOf<object>()
  })
})

describe('definePublishInput', () => {
  it('accepts the declared payload of a known type', () => {
    const input = definePublishInput({ type: 'sample.created', subjectId: 1, subjectTitle: 'Town hall', subjectDetail: detail })
    expectTypeOf(input.subjectDetail).toEqualTypeOf<SampleRecord>()
  })

  it('rejects a payload of the wrong shape', () => {
    definePublishInput({
      type: 'sample.created',
      subjectId: 1,
      subjectTitle: 'Town hall',
      // @ts-expect-error -- `title` must be a string
      subjectDetail: { ...detail, title: 42 },
    })
    definePublishInput({
      type: 'sample.archived',
      subjectId: 1,
      subjectTitle: 'Town hall',
      // @ts-expect-error -- the payload of another type
      subjectDetail: detail,
    })
    definePublishInput({
      type: 'sample.archived',
      subjectId: 1,
      subjectTitle: 'Town hall',
      // @ts-expect-error -- "deleted" is not a declared reason
      subjectDetail: { id: 1, reason: 'deleted' },
    })
  })

  it('rejects an unknown type key and an unknown body field', () => {
    // @ts-expect-error -- no category declares this key
    definePublishInput({ type: 'sample.deleted', subjectId: 1, subjectTitle: 'x', subjectDetail: {} })
    definePublishInput({
      type: 'sample.archived',
      subjectId: 1,
      subjectTitle: 'x',
      subjectDetail: { id: 1, reason: 'manual' },
      // @ts-expect-error -- the tenant comes from the credential, not the body
      tenant: 'acme',
    })
  })

  it('narrows the union of publish bodies by type', () => {
    const body = {} as PublishEventInput
    if (body.type === 'sample.archived') expectTypeOf(body.subjectDetail).toEqualTypeOf<SampleArchived>()
  })
})

describe('defineEventCategory', () => {
  it("checks each event's example against that event's payload type", () => {
    defineEventCategory({
      ...sampleCategory,
      events: [
        {
          ...sampleCategory.events[1]!,
          type: 'sample.archived',
          example: {
            type: 'sample.archived',
            subjectId: 1,
            subjectTitle: 'x',
            // @ts-expect-error -- `reason` is required by SampleArchived
            subjectDetail: { id: 1 },
          },
        },
      ],
    })
  })
})

describe('envelopes', () => {
  it('types subjectDetail from the type key', () => {
    const registry = createEventRegistry({ categories: [sampleCategory] })
    const envelope = registry.buildEnvelope(
      definePublishInput({ type: 'sample.created', subjectId: 1, subjectTitle: 'x', subjectDetail: detail }),
      { id: 'evt_1', tenant: { id: 't', name: 'T', subDomainUrl: 'https://t.example', portalTenantId: null }, now: new Date() },
    )
    expectTypeOf(envelope).toEqualTypeOf<EventEnvelope<'sample.created'>>()
    expectTypeOf(envelope.subjectDetail).toEqualTypeOf<SampleRecord>()
    expectTypeOf<EventEnvelope['subjectDetail']>().toEqualTypeOf<object>()
    const known = {} as KnownEventEnvelope
    if (known.type === 'sample.created') expectTypeOf(known.subjectDetail).toEqualTypeOf<SampleRecord>()
  })
})
