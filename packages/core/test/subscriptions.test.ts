import { describe, expect, it } from 'vitest'
import { CatalogError, createEventRegistry } from '../src/index.ts'
import { otherCategory, sampleCategory } from './fixtures/sample-category.ts'

const registry = createEventRegistry({ categories: [sampleCategory, otherCategory] })

describe('subscriptions', () => {
  it('resolves categories and single types to the types they cover', () => {
    expect(registry.resolveSubscription({ categories: ['sample'], types: ['other.pinged', 'sample.created'] })).toEqual({
      categories: ['sample'],
      types: ['other.pinged', 'sample.created'],
      eventTypes: ['sample.created', 'sample.archived', 'other.pinged'],
    })
    expect(registry.resolveSubscription({ categories: [], types: ['sample.archived', 'sample.archived'] })).toEqual({
      categories: [],
      types: ['sample.archived'],
      eventTypes: ['sample.archived'],
    })
  })

  it('lists every unknown category and type in one error', () => {
    let error: unknown
    try {
      registry.resolveSubscription({ categories: ['sample', 'billing'], types: ['sample.created', 'sample.deleted', 'media.updated'] })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(CatalogError)
    expect((error as CatalogError).code).toBe('unknown-subscription')
    expect((error as CatalogError).details).toEqual({ unknownCategories: ['billing'], unknownTypes: ['sample.deleted', 'media.updated'] })
    expect((error as CatalogError).message).toContain('unknown categories: billing; unknown event types: sample.deleted, media.updated')
  })

  it('matches a type by its category or by name', () => {
    const byCategory = { categories: ['sample'], types: [] }
    expect(registry.subscriptionMatches(byCategory, 'sample.archived')).toBe(true)
    expect(registry.subscriptionMatches(byCategory, 'other.pinged')).toBe(false)
    const byType = { categories: [], types: ['other.pinged'] }
    expect(registry.subscriptionMatches(byType, 'other.pinged')).toBe(true)
    expect(registry.subscriptionMatches(byType, 'sample.created')).toBe(false)
    expect(registry.subscriptionMatches(byCategory, 'sample.unknown')).toBe(false)
  })

  it('covers events a category gains later', () => {
    const growing = createEventRegistry({ categories: [sampleCategory] })
    const subscription = { categories: ['other'], types: [] }
    expect(growing.subscriptionMatches(subscription, 'other.pinged')).toBe(false)
    growing.register(otherCategory)
    expect(growing.subscriptionMatches(subscription, 'other.pinged')).toBe(true)
  })
})
