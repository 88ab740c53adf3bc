// One complete, valid `POST /api/v1/events` body per event. They double as
// documentation (README, catalog) and as test fixtures.
import { definePublishInput } from '@hookline/core'
import type { LiveSessionRecord, LiveSessionReference } from './payloads.ts'

const allHands: LiveSessionRecord = {
  id: 48590,
  title: 'Northwind All-Hands: October 2024',
  description: 'Monthly company all-hands with the leadership team. Questions can be sent in the chat.',
  author: { id: 1021, firstName: 'Helen', lastName: 'Okafor' },
  category: { id: 12, name: 'Company Meetings', weight: 0 },
  estimatedDuration: 3600,
  thumbnails: [{ url: 'https://northwind.example.com/thumbnails/48590/1280x720.jpg', width: 1280, height: 720 }],
  createdDate: '2024-09-25T16:12:40.083+01:00',
  addedBy: 'helen.okafor@northwind.example.com',
  updatedDate: '2024-09-25T16:20:03.511+01:00',
  updatedBy: 'helen.okafor@northwind.example.com',
  status: 'Active',
  format: 'Live',
  size: 0,
  defaultViewingAccess: 'Private',
  tenant: {
    id: 312,
    tenantName: 'Northwind Learning',
    subDomainUrl: 'https://northwind.example.com',
    isSSLEnable: true,
    weight: 0,
  },
  version: 2,
  isDeleted: false,
  isFeatured: true,
  showOnChannelLibrary: true,
  isExpired: false,
  recordingOfMashup: null,
  schedule: {
    startDate: '2024-10-03T15:00:00.000+01:00',
    endDate: '2024-10-03T16:00:00.000+01:00',
    timeZone: 'Europe/London',
  },
}

const liveSession: LiveSessionReference = { id: 48590, title: 'Northwind All-Hands: October 2024', format: 'Live' }
const base = { subjectId: 48590, subjectTitle: 'Northwind All-Hands: October 2024' }
const helen = { id: '1021', name: 'Helen Okafor', email: 'helen.okafor@northwind.example.com' }

export const liveSessionScheduledExample = definePublishInput({
  ...base,
  type: 'live-session.scheduled',
  eventDate: '2024-09-25T16:20:03.511+01:00',
  ip: '203.0.113.20',
  user: helen,
  subjectDetail: allHands,
})

export const liveSessionStartedExample = definePublishInput({
  ...base,
  type: 'live-session.started',
  eventDate: '2024-10-03T15:01:12.407+01:00',
  ip: '203.0.113.20',
  user: helen,
  subjectDetail: {
    liveSession,
    status: 'Started',
    previousStatus: 'Scheduled',
    changedDate: '2024-10-03T15:01:12.407+01:00',
  },
})

export const liveSessionPausedExample = definePublishInput({
  ...base,
  type: 'live-session.paused',
  eventDate: '2024-10-03T15:31:40.002+01:00',
  ip: '203.0.113.20',
  user: helen,
  subjectDetail: {
    liveSession,
    status: 'Paused',
    previousStatus: 'Started',
    changedDate: '2024-10-03T15:31:40.002+01:00',
  },
})

export const liveSessionResumedExample = definePublishInput({
  ...base,
  type: 'live-session.resumed',
  eventDate: '2024-10-03T15:36:05.918+01:00',
  ip: '203.0.113.20',
  user: helen,
  subjectDetail: {
    liveSession,
    status: 'Resumed',
    previousStatus: 'Paused',
    changedDate: '2024-10-03T15:36:05.918+01:00',
  },
})

const guest = { id: null, name: 'Ravi Menon (guest)', email: null, isGuest: true, role: 'Attendee' as const }

export const participantJoinedExample = definePublishInput({
  ...base,
  type: 'live-session.participant-joined',
  eventDate: '2024-10-03T15:04:51.330+01:00',
  ip: '198.51.100.203',
  user: null,
  subjectDetail: { liveSession, participant: guest, joinedDate: '2024-10-03T15:04:51.330+01:00', participantCount: 187 },
})

export const participantLeftExample = definePublishInput({
  ...base,
  type: 'live-session.participant-left',
  eventDate: '2024-10-03T15:52:18.774+01:00',
  ip: '198.51.100.203',
  user: null,
  subjectDetail: {
    liveSession,
    participant: guest,
    leftDate: '2024-10-03T15:52:18.774+01:00',
    attendedSeconds: 2847.4,
    participantCount: 203,
  },
})

export const liveSessionEndedExample = definePublishInput({
  ...base,
  type: 'live-session.ended',
  eventDate: '2024-10-03T16:02:27.160+01:00',
  ip: '203.0.113.20',
  user: helen,
  subjectDetail: {
    liveSession,
    startedDate: '2024-10-03T15:01:12.407+01:00',
    endedDate: '2024-10-03T16:02:27.160+01:00',
    durationSeconds: 3674.753,
    peakParticipantCount: 241,
    recordingMediaId: 48655,
  },
})
