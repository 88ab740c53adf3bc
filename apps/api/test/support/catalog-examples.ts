import type { Reply, RequestOptions } from './test-api.ts'

/**
 * Every event type's example payload, by type, as GET /api/v1/event-types
 * serves the catalog to `token`: real payloads for tests to publish, typed
 * loosely because tests change their fields freely.
 */
export async function catalogExamples(
  api: { request(method: string, path: string, options?: RequestOptions): Promise<Reply> },
  token: string,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- catalog examples, edited freely by tests
): Promise<Record<string, any>> {
  const catalog = await api.request('GET', '/api/v1/event-types', { token })
  if (catalog.status !== 200) throw new Error(`GET /api/v1/event-types answered ${catalog.status}`, { cause: catalog.body })
  return Object.fromEntries(
    catalog.body.categories.flatMap((category: { events: { type: string; example: unknown }[] }) =>
      category.events.map((event) => [event.type, event.example]),
    ),
  )
}
