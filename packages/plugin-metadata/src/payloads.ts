import type { MediaReference, PortalPerson, PortalTenant } from '@hookline/core'

/** A comment on a media item, camelCased from the portal's comment record. */
export interface CommentRecord {
  id: number
  /** The media the comment is on (also the envelope's `subjectId`). */
  mediaId: number
  text: string
  /** The comment this one replies to, or null for a top-level comment. */
  parentCommentId: number | null
  /** Where in the media the comment points, in seconds; null for the whole media. */
  timestampSeconds: number | null
  author: PortalPerson
  createdDate: string
  updatedDate: string
  isDeleted: boolean
}

export type CustomAttributeDataType = 'Text' | 'Number' | 'Date' | 'Boolean' | 'List'

/** A value of a custom attribute: text, number, boolean, date (ISO string) or list of choices. */
export type CustomAttributeValue = string | number | boolean | string[]

export interface CustomAttributeDefinition {
  id: number
  name: string
  dataType: CustomAttributeDataType
}

interface CustomAttributeChange {
  media: MediaReference
  attribute: CustomAttributeDefinition
  changedDate: string
  changedBy: string
}

/** A custom attribute got its first value on a media item. */
export interface CustomAttributeAdded extends CustomAttributeChange {
  value: CustomAttributeValue
  previousValue: null
}

/** A custom attribute's value on a media item changed. */
export interface CustomAttributeUpdated extends CustomAttributeChange {
  value: CustomAttributeValue
  previousValue: CustomAttributeValue
}

/** A custom attribute's value was removed from a media item. */
export interface CustomAttributeDeleted extends CustomAttributeChange {
  value: null
  previousValue: CustomAttributeValue
}

/** A media category (the portal's taxonomy), not to be confused with an event category. */
export interface MediaCategoryRecord {
  id: number
  name: string
  description: string
  parentCategoryId: number | null
  weight: number
  createdDate: string
  createdBy: string
  tenant: PortalTenant
}

declare module '@hookline/core' {
  interface EventPayloadMap {
    'comment.added': CommentRecord
    'comment.updated': CommentRecord
    'comment.deleted': CommentRecord
    'custom-attribute.added': CustomAttributeAdded
    'custom-attribute.updated': CustomAttributeUpdated
    'custom-attribute.deleted': CustomAttributeDeleted
    'category.added': MediaCategoryRecord
  }
}
