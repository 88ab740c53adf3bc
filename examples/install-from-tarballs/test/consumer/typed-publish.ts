// Compiled with tsc inside the scratch project, against the installed
// declaration files: the plugins' declaration merging reaches a consumer,
// and a wrong payload does not compile.
import { definePublishInput, type EventEnvelope, type MediaRecord } from '@hookline/core'
import { mediaUpdatedExample } from '@hookline/plugin-media'
import '@hookline/plugin-live-session'

export const ok = definePublishInput({ ...mediaUpdatedExample, subjectTitle: 'Renamed' })

export const wrong = definePublishInput({
  ...mediaUpdatedExample,
  // @ts-expect-error -- the media record's id is an integer
  subjectDetail: { ...mediaUpdatedExample.subjectDetail, id: 'not-a-number' },
})

export const paused = definePublishInput({
  type: 'live-session.paused',
  subjectId: 1,
  subjectTitle: 'Session',
  subjectDetail: {
    liveSession: { id: 1, title: 'Session', format: 'Live' },
    // @ts-expect-error -- a paused event's status is "Paused"
    status: 'Started',
    previousStatus: 'Started',
    changedDate: '2024-01-01T00:00:00Z',
  },
})

export function titleOf(envelope: EventEnvelope<'media.updated'>): string {
  const record: MediaRecord = envelope.subjectDetail
  return record.title
}
