import { defineEventCategory } from '@hookline/core'
import * as examples from './examples.ts'
import { playlistMediaChangeSchema, playlistRecordSchema } from './schemas.ts'

export const playlistCategory = defineEventCategory({
  id: 'playlist',
  label: 'Playlists',
  description: 'Playlists are created and deleted, and media is added to or removed from them.',
  version: '0.1.0',
  source: 'hookline-plugin-playlist',
  events: [
    {
      type: 'playlist.created',
      portalEventId: 'PlaylistCreated',
      label: 'Playlist created',
      description: 'Someone created a playlist.',
      subjectType: 'Playlist',
      schema: playlistRecordSchema,
      example: examples.playlistCreatedExample,
    },
    {
      type: 'playlist.media-added',
      portalEventId: 'PlaylistMashupAdded',
      label: 'Media added to playlist',
      description: 'A media item was added to a playlist.',
      subjectType: 'Playlist',
      schema: playlistMediaChangeSchema,
      example: examples.playlistMediaAddedExample,
    },
    {
      type: 'playlist.media-removed',
      portalEventId: 'PlaylistMashupRemoved',
      label: 'Media removed from playlist',
      description: 'A media item was removed from a playlist.',
      subjectType: 'Playlist',
      schema: playlistMediaChangeSchema,
      example: examples.playlistMediaRemovedExample,
    },
    {
      type: 'playlist.deleted',
      portalEventId: 'PlaylistDeleted',
      label: 'Playlist deleted',
      description: 'A playlist was deleted; the record is its last state.',
      subjectType: 'Playlist',
      schema: playlistRecordSchema,
      example: examples.playlistDeletedExample,
    },
  ],
})
