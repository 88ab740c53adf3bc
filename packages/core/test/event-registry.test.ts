import { describe, expect, it } from 'vitest'
import { CatalogError, createEventRegistry, type EventCategory } from '../src/index.ts'
import { otherCategory, sampleCategory } from './fixtures/sample-category.ts'

function catchError(action: () => unknown): CatalogError {
  try {
    action()
  } catch (error) {
    if (error instanceof CatalogError) return error
    throw error
  }
  throw new Error('expected a CatalogError')
}

describe('createEventRegistry', () => {
  it('registers categories and looks events up by type key', () => {
    const registry = createEventRegistry({ categories: [sampleCategory, otherCategory] })
    expect(registry.listCategories().map((category) => category.id)).toEqual(['sample', 'other'])
    expect(registry.listEventTypes()).toEqual(['sample.created', 'sample.archived', 'other.pinged'])
    expect(registry.getEvent('sample.archived')).toMatchObject({
      portalEventId: 'SampleArchived',
      category: 'sample',
      source: '@hookline-test/sample',
    })
    expect(registry.getEvent('sample.missing')).toBeUndefined()
    expect(registry.getCategory('other')?.source).toBe('@hookline-test/other')
  })

  it('records the source package version a loader passes, and the catalog names it', () => {
    const registry = createEventRegistry()
    registry.register(sampleCategory, { source: '@acme/plugin-sample', sourceVersion: '2.4.1' })
    registry.register(otherCategory)
    expect(registry.getCategory('sample')).toMatchObject({ source: '@acme/plugin-sample', sourceVersion: '2.4.1' })
    const [sample, other] = registry.catalog().categories
    expect(sample).toMatchObject({ source: '@acme/plugin-sample', sourceVersion: '2.4.1' })
    // Unknown to the loader: left out rather than guessed.
    expect(other).not.toHaveProperty('sourceVersion')
  })

  it('rejects a duplicate category id, naming both sources', () => {
    const registry = createEventRegistry({ categories: [sampleCategory] })
    const error = catchError(() => registry.register({ ...otherCategory, id: 'sample' }, { source: '@acme/plugin-sample' }))
    expect(error.code).toBe('duplicate-category')
    expect(error.message).toBe(
      '[@hookline/core] Category "sample" is declared by both @hookline-test/sample and @acme/plugin-sample',
    )
    expect(error.details).toEqual({ categoryId: 'sample', sources: ['@hookline-test/sample', '@acme/plugin-sample'] })
  })

  it('rejects a duplicate event type, naming both sources and categories, and adds nothing', () => {
    const registry = createEventRegistry({ categories: [sampleCategory] })
    const clashing: EventCategory = {
      ...otherCategory,
      events: [...otherCategory.events, { ...sampleCategory.events[1]!, portalEventId: 'OtherArchived' }],
    }
    const error = catchError(() => registry.register(clashing))
    expect(error.code).toBe('duplicate-event-type')
    expect(error.message).toBe(
      '[@hookline/core] Event type "sample.archived" is declared by both @hookline-test/sample (category "sample") and @hookline-test/other (category "other")',
    )
    expect(registry.getCategory('other')).toBeUndefined()
    expect(registry.getEvent('other.pinged')).toBeUndefined()
  })

  it('names an unnamed source by its category id', () => {
    const registry = createEventRegistry({ categories: [sampleCategory] })
    const { source: _source, ...anonymous } = sampleCategory
    expect(() => registry.register(anonymous)).toThrow('declared by both @hookline-test/sample and an unnamed source (category "sample")')
  })

  it('rejects a schema that does not compile, with the validator error as cause', () => {
    const broken: EventCategory = {
      ...otherCategory,
      events: [{ ...otherCategory.events[0]!, schema: { type: 'object', propertees: {} } }],
    }
    const error = catchError(() => createEventRegistry({ categories: [broken] }))
    expect(error.code).toBe('invalid-schema')
    expect(error.message).toContain('"other.pinged" (@hookline-test/other)')
    expect(error.cause).toBeInstanceOf(Error)
  })

  it('rejects an example that does not validate, listing its paths', () => {
    const created = sampleCategory.events[0]!
    const broken: EventCategory = {
      ...sampleCategory,
      events: [{ ...created, example: { ...created.example, subjectId: -1, subjectDetail: { id: 41 } } }],
    }
    const error = catchError(() => createEventRegistry({ categories: [broken] }))
    expect(error.code).toBe('invalid-example')
    expect((error.details.issues as { path: string }[]).map((issue) => issue.path)).toEqual([
      '/subjectId',
      '/subjectDetail/title',
      '/subjectDetail/owner',
      '/subjectDetail/tags',
      '/subjectDetail/createdDate',
    ])
  })

  it('validates a payload on its own, with paths relative to the payload', () => {
    const registry = createEventRegistry({ categories: [sampleCategory] })
    const payload = sampleCategory.events[0]!.example.subjectDetail
    expect(registry.validatePayload('sample.created', payload)).toEqual({ valid: true, value: payload })
    expect(registry.validatePayload('sample.created', { ...payload, owner: { id: 'x', firstName: 'Dana' } })).toEqual({
      valid: false,
      issues: [
        { path: '/owner/lastName', message: 'is required', keyword: 'required' },
        { path: '/owner/id', message: 'must be integer', keyword: 'type' },
      ],
    })
    expect(() => registry.validatePayload('sample.unknown', {})).toThrow(/sample\.unknown/)
  })
})
