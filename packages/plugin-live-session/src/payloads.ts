import type { MediaRecord, MediaReference } from '@hookline/core'

/** A live session's media record: the portal's media record with format "Live" and its schedule. */
export interface LiveSessionRecord extends MediaRecord {
  format: 'Live'
  schedule: {
    startDate: string
    endDate: string
    /** IANA time zone the session was scheduled in, e.g. "Europe/London". */
    timeZone: string
  }
}

/** Names the live session an event is about. */
export interface LiveSessionReference extends MediaReference {
  format: 'Live'
}

export type LiveSessionStatus = 'Scheduled' | 'Started' | 'Paused' | 'Resumed' | 'Ended'

/** A live session changed state (started, paused or resumed). */
export interface LiveSessionStatusChange<S extends LiveSessionStatus = LiveSessionStatus> {
  liveSession: LiveSessionReference
  status: S
  previousStatus: LiveSessionStatus
  changedDate: string
}

export interface LiveSessionParticipant {
  /** The portal user id, or null for a guest. */
  id: string | null
  name: string
  email: string | null
  isGuest: boolean
  role: 'Host' | 'Presenter' | 'Attendee'
}

export interface LiveSessionParticipantJoined {
  liveSession: LiveSessionReference
  participant: LiveSessionParticipant
  joinedDate: string
  /** Participants in the session after this one joined. */
  participantCount: number
}

export interface LiveSessionParticipantLeft {
  liveSession: LiveSessionReference
  participant: LiveSessionParticipant
  leftDate: string
  /** How long this participant was in the session, over all their joins. */
  attendedSeconds: number
  /** Participants in the session after this one left. */
  participantCount: number
}

export interface LiveSessionEnded {
  liveSession: LiveSessionReference
  startedDate: string
  endedDate: string
  durationSeconds: number
  peakParticipantCount: number
  /** The media id of the session's recording, or null when it was not recorded. */
  recordingMediaId: number | null
}

declare module '@hookline/core' {
  interface EventPayloadMap {
    'live-session.scheduled': LiveSessionRecord
    'live-session.started': LiveSessionStatusChange<'Started'>
    'live-session.paused': LiveSessionStatusChange<'Paused'>
    'live-session.resumed': LiveSessionStatusChange<'Resumed'>
    'live-session.participant-joined': LiveSessionParticipantJoined
    'live-session.participant-left': LiveSessionParticipantLeft
    'live-session.ended': LiveSessionEnded
  }
}
