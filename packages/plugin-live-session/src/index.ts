// @hookline/plugin-live-session: the live-session event category for Hookline.
// Importing this module also types the `live-session.*` payloads in
// @hookline/core's EventPayloadMap.
import { liveSessionCategory } from './category.ts'

export type {
  LiveSessionEnded,
  LiveSessionParticipant,
  LiveSessionParticipantJoined,
  LiveSessionParticipantLeft,
  LiveSessionRecord,
  LiveSessionReference,
  LiveSessionStatus,
  LiveSessionStatusChange,
} from './payloads.ts'
export * from './examples.ts'
export * from './schemas.ts'
export { liveSessionCategory }
/** The category, as `loadCategoryPackages` expects it. */
export default liveSessionCategory
