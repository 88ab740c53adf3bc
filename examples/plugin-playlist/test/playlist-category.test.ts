// The fifth category loads beside the four official ones, with nothing in
// core changed: registry, validation, envelopes, subscriptions and catalog
// all pick it up.
import { createEventRegistry } from '@hookline/core'
import actionsCategory from '@hookline/plugin-actions'
import liveSessionCategory from '@hookline/plugin-live-session'
import mediaCategory from '@hookline/plugin-media'
import metadataCategory from '@hookline/plugin-metadata'
import { describe, expect, it } from 'vitest'
import playlistCategory, { playlistMediaAddedExample } from '../src/index.ts'
import { breakAt, removeField } from '@hookline/core/testing'

const registry = createEventRegistry({
  categories: [mediaCategory, metadataCategory, actionsCategory, liveSessionCategory, playlistCategory],
})

const brokenCopies: Record<string, { pointer: string; value: unknown }> = {
  'playlist.created': { pointer: '/subjectDetail/visibility', value: 'Friends only' },
  'playlist.media-added': { pointer: '/subjectDetail/position', value: 0 },
  'playlist.media-removed': { pointer: '/subjectDetail/playlist/title', value: removeField },
  'playlist.deleted': { pointer: '/subjectDetail/owner/id', value: null },
}

describe('a third-party category', () => {
  it('registers beside the four official categories', () => {
    expect(registry.listCategories().map((category) => [category.id, category.source])).toEqual([
      ['media', '@hookline/plugin-media'],
      ['metadata', '@hookline/plugin-metadata'],
      ['actions', '@hookline/plugin-actions'],
      ['live-session', '@hookline/plugin-live-session'],
      ['playlist', 'hookline-plugin-playlist'],
    ])
    expect(registry.listEventTypes()).toHaveLength(8 + 7 + 8 + 7 + 4)
  })

  it.each(playlistCategory.events.map((event) => [event.type, event] as const))('%s: the example validates', (_type, event) => {
    expect(registry.validatePublishInput(event.example)).toMatchObject({ valid: true, event: { category: 'playlist' } })
  })

  it('has a broken copy for every event', () => {
    expect(Object.keys(brokenCopies)).toEqual(playlistCategory.events.map((event) => event.type))
  })

  it.each(Object.entries(brokenCopies))('%s: a broken copy fails at exactly the broken path', (type, { pointer, value }) => {
    const result = registry.validatePublishInput(breakAt(registry.getEvent(type)!.example, pointer, value))
    expect(result.valid ? [] : result.issues.map((issue) => issue.path)).toEqual([pointer])
  })

  it('builds envelopes with its own subject type and portal id', () => {
    const envelope = registry.buildEnvelope(playlistMediaAddedExample, {
      id: 'evt_playlist_1',
      tenant: { id: 'tnt_northwind', name: 'Northwind Learning', subDomainUrl: 'https://northwind.example.com', portalTenantId: 312 },
      now: new Date('2024-09-23T07:13:42Z'),
    })
    expect(envelope).toMatchObject({ type: 'playlist.media-added', portalEventId: 'PlaylistMashupAdded', subjectType: 'Playlist' })
    expect(envelope.subjectDetail.media.id).toBe(47102)
  })

  it('can be subscribed to by category or type, alongside official ones', () => {
    const subscription = { categories: ['playlist'], types: ['media.viewed'] }
    expect(registry.resolveSubscription(subscription).eventTypes).toEqual([
      'media.viewed',
      'playlist.created',
      'playlist.media-added',
      'playlist.media-removed',
      'playlist.deleted',
    ])
    expect(registry.subscriptionMatches(subscription, 'playlist.deleted')).toBe(true)
    expect(registry.subscriptionMatches(subscription, 'media.updated')).toBe(false)
  })

  it('appears in the catalog with its schemas and examples', () => {
    const playlist = registry.catalog().categories.find((category) => category.id === 'playlist')
    expect(playlist?.events.map((event) => [event.type, event.example.type])).toEqual(
      playlistCategory.events.map((event) => [event.type, event.type]),
    )
  })
})
