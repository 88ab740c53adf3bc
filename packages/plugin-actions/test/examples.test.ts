import { createEventRegistry } from '@hookline/core'
import { describe, expect, it } from 'vitest'
import actionsCategory from '../src/index.ts'
import { breakAt, removeField } from '@hookline/core/testing'

const registry = createEventRegistry({ categories: [actionsCategory] })

/** Per event: one field to break in a copy of its example, and the value that breaks it. */
const brokenCopies: Record<string, { pointer: string; value: unknown }> = {
  'media.viewed': { pointer: '/subjectDetail/watchedSeconds', value: -5 },
  'media.added-to-favorites': { pointer: '/subjectDetail/favoritesCount', value: 1.5 },
  'media.removed-from-favorites': { pointer: '/subjectDetail/media', value: removeField },
  'media.clipped': { pointer: '/subjectDetail/clip/endSeconds', value: removeField },
  'media.liked': { pointer: '/subjectDetail/media/title', value: '' },
  'media.unliked': { pointer: '/subjectDetail/likesCount', value: '26' },
  'media.shared-via-mail': { pointer: '/subjectDetail/recipients/1', value: 'samir.haddad' },
  'media.downloaded': { pointer: '/subjectDetail/rendition/sizeBytes', value: -1 },
}

describe('the actions category', () => {
  it('declares the eight action events with their portal ids', () => {
    expect(actionsCategory.events.map((event) => [event.type, event.portalEventId])).toEqual([
      ['media.viewed', 'MashupViewed'],
      ['media.added-to-favorites', 'MashupAddedToFavorites'],
      ['media.removed-from-favorites', 'MashupRemovedFromFavorites'],
      ['media.clipped', 'MashupClipped'],
      ['media.liked', 'MashupLiked'],
      ['media.unliked', 'MashupUnliked'],
      ['media.shared-via-mail', 'MashupSharedViaMail'],
      ['media.downloaded', 'MashupDownloaded'],
    ])
  })

  it.each(actionsCategory.events.map((event) => [event.type, event] as const))('%s: the example is a valid publish body', (_type, event) => {
    expect(registry.validatePublishInput(event.example)).toMatchObject({ valid: true, event: { type: event.type } })
  })

  it('has a broken copy for every event', () => {
    expect(Object.keys(brokenCopies)).toEqual(actionsCategory.events.map((event) => event.type))
  })

  it.each(Object.entries(brokenCopies))('%s: a broken copy fails at exactly the broken path', (type, { pointer, value }) => {
    const example = registry.getEvent(type)!.example
    const result = registry.validatePublishInput(breakAt(example, pointer, value))
    expect(result.valid).toBe(false)
    expect(result.valid ? [] : result.issues.map((issue) => issue.path)).toEqual([pointer])
  })

  it('requires at least one mail recipient', () => {
    const example = registry.getEvent('media.shared-via-mail')!.example
    const result = registry.validatePublishInput(breakAt(example, '/subjectDetail/recipients', []))
    expect(result.valid ? [] : result.issues).toEqual([
      { path: '/subjectDetail/recipients', message: 'must NOT have fewer than 1 items', keyword: 'minItems' },
    ])
  })
})
