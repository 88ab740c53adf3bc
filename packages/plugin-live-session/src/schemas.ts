import {
  dateTimeSchema,
  emailSchema,
  mediaRecordSchema,
  mediaReferenceSchema,
  nonEmptyStringSchema,
  portalIdSchema,
} from '@hookline/core'

const liveFormatSchema = { const: 'Live' } as const
const countSchema = { type: 'integer', minimum: 0 } as const
const secondsSchema = { type: 'number', minimum: 0 } as const
const statusSchema = { enum: ['Scheduled', 'Started', 'Paused', 'Resumed', 'Ended'] } as const

export const liveSessionRecordSchema = {
  ...mediaRecordSchema,
  required: [...mediaRecordSchema.required, 'schedule'],
  properties: {
    ...mediaRecordSchema.properties,
    format: liveFormatSchema,
    schedule: {
      type: 'object',
      additionalProperties: false,
      required: ['startDate', 'endDate', 'timeZone'],
      properties: {
        startDate: dateTimeSchema,
        endDate: dateTimeSchema,
        timeZone: { ...nonEmptyStringSchema, description: 'IANA time zone, e.g. "Europe/London".' },
      },
    },
  },
} as const

const liveSessionReferenceSchema = {
  ...mediaReferenceSchema,
  properties: { ...mediaReferenceSchema.properties, format: liveFormatSchema },
} as const

/** A live-session payload: the session plus the event's own fields (all required). */
function liveSessionEventSchema(properties: Record<string, object>) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['liveSession', ...Object.keys(properties)],
    properties: { liveSession: liveSessionReferenceSchema, ...properties },
  } as const
}

function statusChangeSchema(status: string) {
  return liveSessionEventSchema({ status: { const: status }, previousStatus: statusSchema, changedDate: dateTimeSchema })
}

export const liveSessionStartedSchema = statusChangeSchema('Started')
export const liveSessionPausedSchema = statusChangeSchema('Paused')
export const liveSessionResumedSchema = statusChangeSchema('Resumed')

const participantSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'email', 'isGuest', 'role'],
  properties: {
    id: { ...nonEmptyStringSchema, type: ['string', 'null'] },
    name: nonEmptyStringSchema,
    email: { ...emailSchema, type: ['string', 'null'] },
    isGuest: { type: 'boolean' },
    role: { enum: ['Host', 'Presenter', 'Attendee'] },
  },
} as const

export const participantJoinedSchema = liveSessionEventSchema({
  participant: participantSchema,
  joinedDate: dateTimeSchema,
  participantCount: countSchema,
})

export const participantLeftSchema = liveSessionEventSchema({
  participant: participantSchema,
  leftDate: dateTimeSchema,
  attendedSeconds: secondsSchema,
  participantCount: countSchema,
})

export const liveSessionEndedSchema = liveSessionEventSchema({
  startedDate: dateTimeSchema,
  endedDate: dateTimeSchema,
  durationSeconds: secondsSchema,
  peakParticipantCount: countSchema,
  recordingMediaId: { ...portalIdSchema, type: ['integer', 'null'] },
})
