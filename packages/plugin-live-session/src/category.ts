import { defineEventCategory } from '@hookline/core'
import * as examples from './examples.ts'
import * as schemas from './schemas.ts'

/** The live-session category: a live session from scheduling to its end. */
export const liveSessionCategory = defineEventCategory({
  id: 'live-session',
  label: 'Live sessions',
  description: 'Live sessions are scheduled, start, pause, resume and end; participants join and leave.',
  version: '0.1.0',
  source: '@hookline/plugin-live-session',
  events: [
    {
      type: 'live-session.scheduled',
      portalEventId: 'MashupPublished',
      label: 'Live session scheduled',
      description: 'A live session was scheduled and published; the media record has format "Live" and a schedule.',
      subjectType: 'Live',
      schema: schemas.liveSessionRecordSchema,
      example: examples.liveSessionScheduledExample,
    },
    {
      type: 'live-session.started',
      portalEventId: 'MeetingStarted',
      label: 'Live session started',
      description: 'The host started the live session.',
      subjectType: 'Live',
      schema: schemas.liveSessionStartedSchema,
      example: examples.liveSessionStartedExample,
    },
    {
      type: 'live-session.paused',
      portalEventId: 'LiveMashupStatusChanged',
      label: 'Live session paused',
      description: 'The host paused the live session.',
      subjectType: 'Live',
      schema: schemas.liveSessionPausedSchema,
      example: examples.liveSessionPausedExample,
    },
    {
      type: 'live-session.resumed',
      portalEventId: 'LiveMashupStatusChanged',
      label: 'Live session resumed',
      description: 'The host resumed a paused live session.',
      subjectType: 'Live',
      schema: schemas.liveSessionResumedSchema,
      example: examples.liveSessionResumedExample,
    },
    {
      type: 'live-session.participant-joined',
      portalEventId: 'MeetingJoined',
      label: 'Participant joined',
      description: 'Someone (a user or a guest) joined the live session.',
      subjectType: 'Live',
      schema: schemas.participantJoinedSchema,
      example: examples.participantJoinedExample,
    },
    {
      type: 'live-session.participant-left',
      portalEventId: 'MeetingLeft',
      label: 'Participant left',
      description: 'Someone left the live session; carries how long they attended.',
      subjectType: 'Live',
      schema: schemas.participantLeftSchema,
      example: examples.participantLeftExample,
    },
    {
      type: 'live-session.ended',
      portalEventId: 'MeetingEnded',
      label: 'Live session ended',
      description: 'The live session ended; carries its duration, peak audience and recording.',
      subjectType: 'Live',
      schema: schemas.liveSessionEndedSchema,
      example: examples.liveSessionEndedExample,
    },
  ],
})
