// Importing the plugin types the media payloads: a wrong payload does not compile.
import { definePublishInput, type EventEnvelope, type EventPayload, type MediaRecord } from '@hookline/core'
import { describe, expectTypeOf, it } from 'vitest'
import { mediaUpdatedExample, type MediaProcessingFailed } from '../src/index.ts'

describe('media payload types', () => {
  it('maps the media type keys to their payloads', () => {
    expectTypeOf<EventPayload<'media.updated'>>().toEqualTypeOf<MediaRecord>()
    expectTypeOf<EventPayload<'media.processing-failed'>>().toEqualTypeOf<MediaProcessingFailed>()
    expectTypeOf<EventEnvelope<'media.updated'>['subjectDetail']>().toEqualTypeOf<MediaRecord>()
  })

  it('rejects a media.updated payload of the wrong shape', () => {
    definePublishInput({
      ...mediaUpdatedExample,
      // @ts-expect-error -- the portal's integer id, not a string
      subjectDetail: { ...mediaUpdatedExample.subjectDetail, id: '48213' },
    })
    definePublishInput({
      type: 'media.updated',
      subjectId: 48213,
      subjectTitle: 'Q3 Product Roadmap Review',
      // @ts-expect-error -- `author`, `tenant` and the other required fields are missing
      subjectDetail: { id: 48213, title: 'Q3 Product Roadmap Review' },
    })
    definePublishInput({
      type: 'media.processing-failed',
      subjectId: 48213,
      subjectTitle: 'Q3 Product Roadmap Review',
      // @ts-expect-error -- a processing-failed payload needs `processing`
      subjectDetail: mediaUpdatedExample.subjectDetail,
    })
  })
})
