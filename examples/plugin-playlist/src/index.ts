// hookline-plugin-playlist: an example third-party event category. It uses
// nothing but @hookline/core's public plugin contract.
import { playlistCategory } from './category.ts'

export type { PlaylistMediaChange, PlaylistRecord } from './payloads.ts'
export * from './examples.ts'
export * from './schemas.ts'
export { playlistCategory }
export default playlistCategory
