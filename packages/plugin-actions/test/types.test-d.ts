// Importing the plugin types the action payloads: a wrong payload does not compile.
import { definePublishInput, type EventPayload } from '@hookline/core'
import { describe, expectTypeOf, it } from 'vitest'
import { mediaLikedExample, mediaViewedExample, type MediaViewed } from '../src/index.ts'

describe('action payload types', () => {
  it('maps the action type keys to their payloads', () => {
    expectTypeOf<EventPayload<'media.viewed'>>().toEqualTypeOf<MediaViewed>()
  })

  it('rejects payloads of the wrong shape', () => {
    definePublishInput({
      ...mediaViewedExample,
      // @ts-expect-error -- watchedSeconds is a number of seconds
      subjectDetail: { ...mediaViewedExample.subjectDetail, watchedSeconds: '31:14' },
    })
    definePublishInput({
      ...mediaViewedExample,
      // @ts-expect-error -- a like change is not a view
      subjectDetail: mediaLikedExample.subjectDetail,
    })
  })
})
