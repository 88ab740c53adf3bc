// Importing the plugin types the live-session payloads: a wrong payload does not compile.
import { definePublishInput, type EventPayload } from '@hookline/core'
import { describe, expectTypeOf, it } from 'vitest'
import { liveSessionPausedExample, liveSessionScheduledExample, type LiveSessionRecord } from '../src/index.ts'

describe('live-session payload types', () => {
  it('maps the live-session type keys to their payloads', () => {
    expectTypeOf<EventPayload<'live-session.scheduled'>>().toEqualTypeOf<LiveSessionRecord>()
    expectTypeOf<EventPayload<'live-session.paused'>['status']>().toEqualTypeOf<'Paused'>()
  })

  it('rejects payloads of the wrong shape', () => {
    definePublishInput({
      ...liveSessionScheduledExample,
      // @ts-expect-error -- a live session's format is "Live"
      subjectDetail: { ...liveSessionScheduledExample.subjectDetail, format: 'Video' },
    })
    definePublishInput({
      type: 'live-session.resumed',
      subjectId: 48590,
      subjectTitle: 'Northwind All-Hands: October 2024',
      // @ts-expect-error -- a resumed event carries status "Resumed"
      subjectDetail: liveSessionPausedExample.subjectDetail,
    })
  })
})
