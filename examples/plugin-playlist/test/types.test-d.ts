// The fixture's declaration merging types its payloads, and merges with the
// official plugins' keys without conflict.
import { definePublishInput, type EventPayload, type EventType, type MediaRecord } from '@hookline/core'
import '@hookline/plugin-media'
import { describe, expectTypeOf, it } from 'vitest'
import { playlistCreatedExample, type PlaylistMediaChange } from '../src/index.ts'

describe('playlist payload types', () => {
  it('adds its keys to the official ones', () => {
    expectTypeOf<EventPayload<'playlist.media-added'>>().toEqualTypeOf<PlaylistMediaChange>()
    expectTypeOf<EventPayload<'media.updated'>>().toEqualTypeOf<MediaRecord>()
    expectTypeOf<'playlist.deleted'>().toExtend<EventType>()
  })

  it('rejects a wrong playlist payload', () => {
    definePublishInput({
      ...playlistCreatedExample,
      // @ts-expect-error -- "Friends only" is not a visibility
      subjectDetail: { ...playlistCreatedExample.subjectDetail, visibility: 'Friends only' },
    })
  })
})
