import { createEventRegistry } from '@hookline/core'
import { describe, expect, it } from 'vitest'
import mediaCategory, { mediaUpdatedExample } from '../src/index.ts'
import { breakAt, removeField } from '@hookline/core/testing'

const registry = createEventRegistry({ categories: [mediaCategory] })

/** Per event: one field to break in a copy of its example, and the value that breaks it. */
const brokenCopies: Record<string, { pointer: string; value: unknown }> = {
  'media.added': { pointer: '/subjectDetail/title', value: removeField },
  'media.updated': { pointer: '/subjectDetail/author/id', value: '1174' },
  'media.deleted': { pointer: '/subjectDetail/tenant/subDomainUrl', value: 'northwind' },
  // The portal's own samples lack an offset; Hookline requires one.
  'media.published': { pointer: '/subjectDetail/createdDate', value: '2024-09-18T14:02:11.407' },
  'media.processing-completed': { pointer: '/subjectDetail/processing/renditions/1/width', value: 0 },
  'media.processing-failed': { pointer: '/subjectDetail/processing/errorCode', value: removeField },
  'media.workflow-started': { pointer: '/subjectDetail/workflow/runId', value: '' },
  'media.workflow-completed': { pointer: '/subjectDetail/workflow/outcome', value: 'Approved' },
}

describe('the media category', () => {
  it('declares the eight media events with their portal ids', () => {
    expect(mediaCategory.events.map((event) => [event.type, event.portalEventId])).toEqual([
      ['media.added', 'MashupAdded'],
      ['media.updated', 'MashupUpdated'],
      ['media.deleted', 'MashupDeleted'],
      ['media.published', 'MashupPublished'],
      ['media.processing-completed', 'MashupProcessingCompleted'],
      ['media.processing-failed', 'MashupProcessingFailed'],
      ['media.workflow-started', 'WorkflowStarted'],
      ['media.workflow-completed', 'WorkflowCompleted'],
    ])
    expect(registry.getCategory('media')?.source).toBe('@hookline/plugin-media')
  })

  it.each(mediaCategory.events.map((event) => [event.type, event] as const))('%s: the example is a valid publish body', (_type, event) => {
    expect(registry.validatePublishInput(event.example)).toMatchObject({ valid: true, event: { type: event.type } })
  })

  it('has a broken copy for every event', () => {
    expect(Object.keys(brokenCopies)).toEqual(mediaCategory.events.map((event) => event.type))
  })

  it.each(Object.entries(brokenCopies))('%s: a broken copy fails at exactly the broken path', (type, { pointer, value }) => {
    const example = registry.getEvent(type)!.example
    const result = registry.validatePublishInput(breakAt(example, pointer, value))
    expect(result.valid).toBe(false)
    expect(result.valid ? [] : result.issues.map((issue) => issue.path)).toEqual([pointer])
  })

  it('builds the portal-compatible envelope of an example', () => {
    const envelope = registry.buildEnvelope(mediaUpdatedExample, {
      id: 'evt_01J8ZQ4W6B',
      tenant: { id: 'tnt_northwind', name: 'Northwind Learning', subDomainUrl: 'https://northwind.example.com', portalTenantId: 312 },
      now: new Date('2024-09-19T08:45:38Z'),
    })
    expect(envelope).toMatchObject({ portalEventId: 'MashupUpdated', subjectType: 'Video', status: 'Success', isSystem: false })
    expect(envelope.subjectDetail.author.lastName).toBe('Raman')
  })
})
