import { dateTimeSchema, emailSchema, mediaReferenceSchema, nonEmptyStringSchema, portalIdSchema, urlSchema } from '@hookline/core'

const countSchema = { type: 'integer', minimum: 0 } as const
const secondsSchema = { type: 'number', minimum: 0 } as const

/** An action payload: the media acted on plus the action's own fields (all required). */
function actionSchema(properties: Record<string, object>) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['media', ...Object.keys(properties)],
    properties: { media: mediaReferenceSchema, ...properties },
  } as const
}

export const mediaViewedSchema = actionSchema({
  viewSessionId: nonEmptyStringSchema,
  watchedSeconds: secondsSchema,
  completionPercent: { type: 'number', minimum: 0, maximum: 100 },
  player: nonEmptyStringSchema,
  referrer: { ...urlSchema, type: ['string', 'null'] },
})

export const favoriteChangeSchema = actionSchema({ favoritesCount: countSchema })

export const mediaClippedSchema = actionSchema({
  clip: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'title', 'startSeconds', 'endSeconds'],
    properties: {
      id: portalIdSchema,
      title: nonEmptyStringSchema,
      startSeconds: secondsSchema,
      endSeconds: secondsSchema,
    },
  },
})

export const likeChangeSchema = actionSchema({ likesCount: countSchema })

export const mediaSharedViaMailSchema = actionSchema({
  recipients: { type: 'array', minItems: 1, items: emailSchema },
  message: { type: ['string', 'null'], maxLength: 5000 },
  link: urlSchema,
  linkExpiresDate: { ...dateTimeSchema, type: ['string', 'null'] },
})

export const mediaDownloadedSchema = actionSchema({
  rendition: {
    type: 'object',
    additionalProperties: false,
    required: ['label', 'fileFormat', 'sizeBytes'],
    properties: {
      label: nonEmptyStringSchema,
      fileFormat: nonEmptyStringSchema,
      sizeBytes: countSchema,
    },
  },
})
