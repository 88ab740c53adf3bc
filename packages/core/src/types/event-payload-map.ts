/**
 * Event type key → payload (`subjectDetail`) type. Empty on purpose: every
 * category package adds its own keys by declaration merging,
 *
 * ```ts
 * declare module '@hookline/core' {
 *   interface EventPayloadMap {
 *     'media.updated': MediaRecord
 *   }
 * }
 * ```
 *
 * so that typed helpers (`definePublishInput`, `defineEventCategory`,
 * `EventEnvelope<'media.updated'>`) reject a payload of the wrong shape at
 * compile time.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface EventPayloadMap {}

/** Every event type key some imported category has declared a payload type for. */
export type EventType = keyof EventPayloadMap & string

/**
 * The payload type of `K`: the declared one for a known key, any object for
 * a key no imported package declared (e.g. one read from the wire).
 */
export type EventPayload<K extends string> = K extends EventType ? EventPayloadMap[K] : object
