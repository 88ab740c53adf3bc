import type { MediaReference } from '@hookline/core'

/** Someone watched a media item (one viewing session). */
export interface MediaViewed {
  media: MediaReference
  viewSessionId: string
  /** How much of the media was watched in this session. */
  watchedSeconds: number
  /** 0–100. */
  completionPercent: number
  /** Where it was played, e.g. "Web", "Embed", "Mobile". */
  player: string
  /** The page an embedded player sat on, when known. */
  referrer: string | null
}

/** A media item was added to or removed from someone's favorites. */
export interface MediaFavoriteChange {
  media: MediaReference
  /** How many people have it in their favorites now. */
  favoritesCount: number
}

/** Someone cut a clip out of a media item. */
export interface MediaClipped {
  media: MediaReference
  clip: {
    /** The new clip's own media id. */
    id: number
    title: string
    startSeconds: number
    endSeconds: number
  }
}

/** A media item was liked or unliked. */
export interface MediaLikeChange {
  media: MediaReference
  /** Likes after the change. */
  likesCount: number
}

/** Someone sent a link to a media item by e-mail from the portal. */
export interface MediaSharedViaMail {
  media: MediaReference
  recipients: string[]
  message: string | null
  link: string
  linkExpiresDate: string | null
}

/** Someone downloaded a media file. */
export interface MediaDownloaded {
  media: MediaReference
  rendition: {
    /** E.g. "Original", "720p". */
    label: string
    /** File extension, e.g. "mp4". */
    fileFormat: string
    sizeBytes: number
  }
}

declare module '@hookline/core' {
  interface EventPayloadMap {
    'media.viewed': MediaViewed
    'media.added-to-favorites': MediaFavoriteChange
    'media.removed-from-favorites': MediaFavoriteChange
    'media.clipped': MediaClipped
    'media.liked': MediaLikeChange
    'media.unliked': MediaLikeChange
    'media.shared-via-mail': MediaSharedViaMail
    'media.downloaded': MediaDownloaded
  }
}
