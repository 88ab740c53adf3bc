import { createEventRegistry } from '@hookline/core'
import { describe, expect, it } from 'vitest'
import liveSessionCategory, { liveSessionPausedExample, liveSessionResumedExample } from '../src/index.ts'
import { breakAt, removeField } from '@hookline/core/testing'

const registry = createEventRegistry({ categories: [liveSessionCategory] })

/** Per event: one field to break in a copy of its example, and the value that breaks it. */
const brokenCopies: Record<string, { pointer: string; value: unknown }> = {
  'live-session.scheduled': { pointer: '/subjectDetail/format', value: 'Video' },
  'live-session.started': { pointer: '/subjectDetail/status', value: 'Paused' },
  'live-session.paused': { pointer: '/subjectDetail/changedDate', value: removeField },
  'live-session.resumed': { pointer: '/subjectDetail/liveSession/format', value: 'Video' },
  'live-session.participant-joined': { pointer: '/subjectDetail/participant/email', value: 'ravi' },
  'live-session.participant-left': { pointer: '/subjectDetail/attendedSeconds', value: -1 },
  'live-session.ended': { pointer: '/subjectDetail/recordingMediaId', value: '48655' },
}

describe('the live-session category', () => {
  it('declares the seven live-session events with their portal ids', () => {
    expect(liveSessionCategory.events.map((event) => [event.type, event.portalEventId])).toEqual([
      ['live-session.scheduled', 'MashupPublished'],
      ['live-session.started', 'MeetingStarted'],
      ['live-session.paused', 'LiveMashupStatusChanged'],
      ['live-session.resumed', 'LiveMashupStatusChanged'],
      ['live-session.participant-joined', 'MeetingJoined'],
      ['live-session.participant-left', 'MeetingLeft'],
      ['live-session.ended', 'MeetingEnded'],
    ])
  })

  it.each(liveSessionCategory.events.map((event) => [event.type, event] as const))('%s: the example is a valid publish body', (_type, event) => {
    expect(registry.validatePublishInput(event.example)).toMatchObject({ valid: true, event: { type: event.type } })
  })

  it('has a broken copy for every event', () => {
    expect(Object.keys(brokenCopies)).toEqual(liveSessionCategory.events.map((event) => event.type))
  })

  it.each(Object.entries(brokenCopies))('%s: a broken copy fails at exactly the broken path', (type, { pointer, value }) => {
    const example = registry.getEvent(type)!.example
    const result = registry.validatePublishInput(breakAt(example, pointer, value))
    expect(result.valid).toBe(false)
    expect(result.valid ? [] : result.issues.map((issue) => issue.path)).toEqual([pointer])
  })

  it('sends pause and resume with the same portal id, told apart by type and status', () => {
    const context = {
      id: 'evt_1',
      tenant: { id: 'tnt_northwind', name: 'Northwind Learning', subDomainUrl: 'https://northwind.example.com', portalTenantId: 312 },
      now: new Date(),
    }
    const paused = registry.buildEnvelope(liveSessionPausedExample, context)
    const resumed = registry.buildEnvelope(liveSessionResumedExample, context)
    expect([paused.portalEventId, paused.type, paused.subjectDetail.status]).toEqual(['LiveMashupStatusChanged', 'live-session.paused', 'Paused'])
    expect([resumed.portalEventId, resumed.type, resumed.subjectDetail.status]).toEqual(['LiveMashupStatusChanged', 'live-session.resumed', 'Resumed'])
    expect(paused.subjectType).toBe('Live')
  })
})
