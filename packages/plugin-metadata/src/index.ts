// @hookline/plugin-metadata: the media-metadata event category for Hookline.
// Importing this module also types the `comment.*`, `custom-attribute.*` and
// `category.*` payloads in @hookline/core's EventPayloadMap.
import { metadataCategory } from './category.ts'

export type {
  CommentRecord,
  CustomAttributeAdded,
  CustomAttributeDataType,
  CustomAttributeDefinition,
  CustomAttributeDeleted,
  CustomAttributeUpdated,
  CustomAttributeValue,
  MediaCategoryRecord,
} from './payloads.ts'
export * from './examples.ts'
export * from './schemas.ts'
export { metadataCategory }
/** The category, as `loadCategoryPackages` expects it. */
export default metadataCategory
