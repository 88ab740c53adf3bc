import { defineEventCategory } from '@hookline/core'
import * as examples from './examples.ts'
import * as schemas from './schemas.ts'

/** The metadata category: what people add to media besides the media itself. */
export const metadataCategory = defineEventCategory({
  id: 'metadata',
  label: 'Media metadata',
  description: 'Comments, custom attribute values and categories are added, changed or removed.',
  version: '0.1.0',
  source: '@hookline/plugin-metadata',
  events: [
    {
      type: 'comment.added',
      portalEventId: 'CommentAdd',
      label: 'Comment added',
      description: 'Someone commented on a media item (or replied to a comment).',
      subjectType: 'Video',
      schema: schemas.commentRecordSchema,
      example: examples.commentAddedExample,
    },
    {
      type: 'comment.updated',
      portalEventId: 'CommentUpdate',
      label: 'Comment updated',
      description: 'A comment was edited.',
      subjectType: 'Video',
      schema: schemas.commentRecordSchema,
      example: examples.commentUpdatedExample,
    },
    {
      type: 'comment.deleted',
      portalEventId: 'CommentDelete',
      label: 'Comment deleted',
      description: 'A comment was deleted; the record is its last state.',
      subjectType: 'Video',
      schema: schemas.commentRecordSchema,
      example: examples.commentDeletedExample,
    },
    {
      type: 'custom-attribute.added',
      portalEventId: 'CustomAttributeAdd',
      label: 'Custom attribute added',
      description: 'A custom attribute got a value on a media item.',
      subjectType: 'Video',
      schema: schemas.customAttributeAddedSchema,
      example: examples.customAttributeAddedExample,
    },
    {
      type: 'custom-attribute.updated',
      portalEventId: 'CustomAttributeUpdate',
      label: 'Custom attribute updated',
      description: "A custom attribute's value on a media item changed; carries old and new value.",
      subjectType: 'Video',
      schema: schemas.customAttributeUpdatedSchema,
      example: examples.customAttributeUpdatedExample,
    },
    {
      type: 'custom-attribute.deleted',
      portalEventId: 'CustomAttributeDelete',
      label: 'Custom attribute deleted',
      description: "A custom attribute's value was removed from a media item.",
      subjectType: 'Video',
      schema: schemas.customAttributeDeletedSchema,
      example: examples.customAttributeDeletedExample,
    },
    {
      type: 'category.added',
      portalEventId: 'CategoryAdd',
      label: 'Category added',
      description: 'A media category was created in the portal.',
      subjectType: 'Category',
      schema: schemas.mediaCategoryRecordSchema,
      example: examples.categoryAddedExample,
    },
  ],
})
