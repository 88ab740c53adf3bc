import { CatalogError, createEventRegistry, type EventCategory } from '@hookline/core'
import mediaCategory from '@hookline/plugin-media'
import { describe, expect, it } from 'vitest'
import playlistCategory from '../src/index.ts'

function registrationError(register: () => unknown): CatalogError {
  try {
    register()
  } catch (error) {
    if (error instanceof CatalogError) return error
    throw error
  }
  throw new Error('expected registration to fail')
}

describe('duplicate registration', () => {
  it('rejects a second category with the same id, naming both packages', () => {
    const registry = createEventRegistry({ categories: [playlistCategory] })
    const fork: EventCategory = { ...playlistCategory, source: '@acme/hookline-playlists' }
    const error = registrationError(() => registry.register(fork))
    expect(error.code).toBe('duplicate-category')
    expect(error.message).toContain('Category "playlist" is declared by both hookline-plugin-playlist and @acme/hookline-playlists')
  })

  it('rejects a category that redeclares an official type key, naming both packages', () => {
    const registry = createEventRegistry({ categories: [mediaCategory] })
    const greedy: EventCategory = {
      ...playlistCategory,
      events: [...playlistCategory.events, mediaCategory.events.find((event) => event.type === 'media.updated')!],
    }
    const error = registrationError(() => registry.register(greedy))
    expect(error.code).toBe('duplicate-event-type')
    expect(error.message).toContain(
      'Event type "media.updated" is declared by both @hookline/plugin-media (category "media") and hookline-plugin-playlist (category "playlist")',
    )
    expect(registry.getCategory('playlist')).toBeUndefined()
  })
})
