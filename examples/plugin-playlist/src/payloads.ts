import type { MediaReference, PortalPerson } from '@hookline/core'

/** A playlist: an ordered list of media items someone curates. */
export interface PlaylistRecord {
  id: number
  title: string
  description: string
  owner: PortalPerson
  visibility: 'Public' | 'Private' | 'Unlisted'
  mediaCount: number
  createdDate: string
  updatedDate: string
}

/** A media item added to or removed from a playlist. */
export interface PlaylistMediaChange {
  playlist: { id: number; title: string }
  media: MediaReference
  /** 1-based position of the media in the playlist (where it was, for a removal). */
  position: number
  mediaCount: number
}

// The one step that types the payloads: merge the new type keys into core's map.
declare module '@hookline/core' {
  interface EventPayloadMap {
    'playlist.created': PlaylistRecord
    'playlist.media-added': PlaylistMediaChange
    'playlist.media-removed': PlaylistMediaChange
    'playlist.deleted': PlaylistRecord
  }
}
