import { createEventsApi } from './events.ts'
import { createAppsApi, createCaller, createExportsApi, createLogsApi } from './resources.ts'
import { createTransport, type TransportOptions } from './transport.ts'

export type HooklineClientOptions = TransportOptions

/**
 * A Hookline API client: `events` for portal services (an API key with
 * `events:publish`), `apps`, `logs` and `exports` for Managers' tools.
 *
 * ```ts
 * import '@hookline/plugin-media' // adds the media.* payload types
 * const hookline = createHooklineClient({ baseUrl: 'https://hooks.example.com', token: process.env.HOOKLINE_API_KEY })
 * await hookline.events.publish({ type: 'media.updated', subjectId: 42, subjectTitle: 'Town hall', subjectDetail: record })
 * ```
 */
export function createHooklineClient(options: HooklineClientOptions) {
  const transport = createTransport(options)
  const call = createCaller(transport)
  return {
    events: createEventsApi(transport),
    apps: createAppsApi(call),
    logs: createLogsApi(call),
    exports: createExportsApi(transport),
  }
}

export type HooklineClient = ReturnType<typeof createHooklineClient>
