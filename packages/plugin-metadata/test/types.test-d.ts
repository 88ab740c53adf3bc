// Importing the plugin types the metadata payloads: a wrong payload does not compile.
import { definePublishInput, type EventPayload } from '@hookline/core'
import { describe, expectTypeOf, it } from 'vitest'
import { commentAddedExample, customAttributeUpdatedExample, type CommentRecord, type CustomAttributeDeleted } from '../src/index.ts'

describe('metadata payload types', () => {
  it('maps the metadata type keys to their payloads', () => {
    expectTypeOf<EventPayload<'comment.added'>>().toEqualTypeOf<CommentRecord>()
    expectTypeOf<EventPayload<'custom-attribute.deleted'>['value']>().toEqualTypeOf<null>()
    expectTypeOf<EventPayload<'custom-attribute.deleted'>>().toEqualTypeOf<CustomAttributeDeleted>()
  })

  it('rejects payloads of the wrong shape', () => {
    definePublishInput({
      ...commentAddedExample,
      // @ts-expect-error -- `text` is a string
      subjectDetail: { ...commentAddedExample.subjectDetail, text: null },
    })
    definePublishInput({
      type: 'custom-attribute.deleted',
      subjectId: 48213,
      subjectTitle: 'Q3 Product Roadmap Review',
      // @ts-expect-error -- a deleted value is null
      subjectDetail: customAttributeUpdatedExample.subjectDetail,
    })
  })
})
