// @hookline/plugin-media: the media event category for Hookline.
// Importing this module also types the `media.*` payloads in @hookline/core's
// EventPayloadMap.
import { mediaCategory } from './category.ts'

export type {
  MediaProcessingCompleted,
  MediaProcessingFailed,
  MediaRendition,
  MediaWorkflowCompleted,
  MediaWorkflowRun,
  MediaWorkflowStarted,
} from './payloads.ts'
export * from './examples.ts'
export * from './schemas.ts'
export { mediaCategory }
/** The category, as `loadCategoryPackages` expects it. */
export default mediaCategory
