import { describe, expect, it } from 'vitest'
import {
  CatalogError,
  defineEventCategory,
  type EventCategoryDefinition,
  type KnownEventDefinition,
} from '../src/index.ts'
import { sampleCategory } from './fixtures/sample-category.ts'

function definitionWith(changes: Partial<EventCategoryDefinition>): EventCategoryDefinition {
  return { ...(sampleCategory as EventCategoryDefinition), ...changes }
}

describe('defineEventCategory', () => {
  it('returns a well-formed definition unchanged', () => {
    expect(sampleCategory.id).toBe('sample')
    expect(sampleCategory.events.map((event) => event.type)).toEqual(['sample.created', 'sample.archived'])
  })

  it('lists every problem of a malformed definition in one error', () => {
    const [created] = sampleCategory.events as EventCategoryDefinition['events']
    const broken = definitionWith({
      id: 'Sample Events',
      version: 'v1',
      events: [
        { ...created!, type: 'SampleCreated', portalEventId: 'sample-created' } as unknown as KnownEventDefinition,
        { ...created!, label: ' ' },
      ],
    })
    let error: unknown
    try {
      defineEventCategory(broken)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(CatalogError)
    const catalogError = error as CatalogError
    expect(catalogError.code).toBe('invalid-category')
    expect(catalogError.details.problems).toEqual([
      'id must be kebab-case (got "Sample Events")',
      'version must be a semantic version (got "v1")',
      'events[0] (SampleCreated): type must be dot-separated kebab-case segments such as "media.updated"',
      'events[0] (SampleCreated): portalEventId must be PascalCase',
      'events[0] (SampleCreated): example.type must be "SampleCreated"',
      'events[1] (sample.created): label must be a non-empty string',
    ])
    expect(catalogError.message).toContain('@hookline-test/sample')
  })

  it('rejects a type key declared twice in one category', () => {
    const [created] = sampleCategory.events as EventCategoryDefinition['events']
    expect(() => defineEventCategory(definitionWith({ events: [created!, created!] }))).toThrow(
      'events[1] (sample.created): type is declared twice in this category',
    )
  })

  it('rejects a category without events', () => {
    expect(() => defineEventCategory(definitionWith({ events: [] }))).toThrow('events must be a non-empty array')
  })
})
