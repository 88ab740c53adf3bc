// @hookline/plugin-actions: the media-actions event category for Hookline.
// Importing this module also types its payloads in @hookline/core's
// EventPayloadMap.
import { actionsCategory } from './category.ts'

export type {
  MediaClipped,
  MediaDownloaded,
  MediaFavoriteChange,
  MediaLikeChange,
  MediaSharedViaMail,
  MediaViewed,
} from './payloads.ts'
export * from './examples.ts'
export * from './schemas.ts'
export { actionsCategory }
/** The category, as `loadCategoryPackages` expects it. */
export default actionsCategory
