import { dateTimeSchema, mediaReferenceSchema, nonEmptyStringSchema, portalIdSchema, portalPersonSchema } from '@hookline/core'

export const playlistRecordSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'description', 'owner', 'visibility', 'mediaCount', 'createdDate', 'updatedDate'],
  properties: {
    id: portalIdSchema,
    title: nonEmptyStringSchema,
    description: { type: 'string' },
    owner: portalPersonSchema,
    visibility: { enum: ['Public', 'Private', 'Unlisted'] },
    mediaCount: { type: 'integer', minimum: 0 },
    createdDate: dateTimeSchema,
    updatedDate: dateTimeSchema,
  },
} as const

export const playlistMediaChangeSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['playlist', 'media', 'position', 'mediaCount'],
  properties: {
    playlist: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'title'],
      properties: { id: portalIdSchema, title: nonEmptyStringSchema },
    },
    media: mediaReferenceSchema,
    position: { type: 'integer', minimum: 1 },
    mediaCount: { type: 'integer', minimum: 0 },
  },
} as const
