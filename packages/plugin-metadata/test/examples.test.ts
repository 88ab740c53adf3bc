import { createEventRegistry } from '@hookline/core'
import { describe, expect, it } from 'vitest'
import metadataCategory, { categoryAddedExample } from '../src/index.ts'
import { breakAt, removeField } from '@hookline/core/testing'

const registry = createEventRegistry({ categories: [metadataCategory] })

/** Per event: one field to break in a copy of its example, and the value that breaks it. */
const brokenCopies: Record<string, { pointer: string; value: unknown }> = {
  'comment.added': { pointer: '/subjectDetail/text', value: removeField },
  'comment.updated': { pointer: '/subjectDetail/updatedDate', value: '2024-09-19T11:09:02.870' },
  'comment.deleted': { pointer: '/subjectDetail/isDeleted', value: 'true' },
  'custom-attribute.added': { pointer: '/subjectDetail/previousValue', value: ['Draft'] },
  'custom-attribute.updated': { pointer: '/subjectDetail/attribute/dataType', value: 'Colour' },
  'custom-attribute.deleted': { pointer: '/subjectDetail/media/id', value: 0 },
  'category.added': { pointer: '/subjectDetail/parentCategoryId', value: '87' },
}

describe('the metadata category', () => {
  it('declares the seven metadata events with their portal ids', () => {
    expect(metadataCategory.events.map((event) => [event.type, event.portalEventId])).toEqual([
      ['comment.added', 'CommentAdd'],
      ['comment.updated', 'CommentUpdate'],
      ['comment.deleted', 'CommentDelete'],
      ['custom-attribute.added', 'CustomAttributeAdd'],
      ['custom-attribute.updated', 'CustomAttributeUpdate'],
      ['custom-attribute.deleted', 'CustomAttributeDelete'],
      ['category.added', 'CategoryAdd'],
    ])
  })

  it.each(metadataCategory.events.map((event) => [event.type, event] as const))('%s: the example is a valid publish body', (_type, event) => {
    expect(registry.validatePublishInput(event.example)).toMatchObject({ valid: true, event: { type: event.type } })
  })

  it('has a broken copy for every event', () => {
    expect(Object.keys(brokenCopies)).toEqual(metadataCategory.events.map((event) => event.type))
  })

  it.each(Object.entries(brokenCopies))('%s: a broken copy fails at exactly the broken path', (type, { pointer, value }) => {
    const example = registry.getEvent(type)!.example
    const result = registry.validatePublishInput(breakAt(example, pointer, value))
    expect(result.valid).toBe(false)
    expect(result.valid ? [] : result.issues.map((issue) => issue.path)).toEqual([pointer])
  })

  it('accepts every custom-attribute value kind and rejects objects', () => {
    const example = registry.getEvent('custom-attribute.updated')!.example
    for (const value of ['Approved', 3, true, '2025-09-30', ['a', 'b']]) {
      expect(registry.validatePublishInput(breakAt(example, '/subjectDetail/value', value)).valid).toBe(true)
    }
    expect(registry.validatePublishInput(breakAt(example, '/subjectDetail/value', { label: 'x' })).valid).toBe(false)
    expect(registry.validatePublishInput(breakAt(example, '/subjectDetail/value', null)).valid).toBe(false)
  })

  it("uses the catalog's subject type unless the publisher overrides it", () => {
    const context = {
      id: 'evt_1',
      tenant: { id: 'tnt_northwind', name: 'Northwind Learning', subDomainUrl: 'https://northwind.example.com', portalTenantId: 312 },
      now: new Date(),
    }
    expect(registry.buildEnvelope(categoryAddedExample, context).subjectType).toBe('Category')
    expect(registry.buildEnvelope(registry.getEvent('comment.added')!.example, context)).toMatchObject({
      subjectType: 'Video',
      portalEventId: 'CommentAdd',
    })
  })
})
