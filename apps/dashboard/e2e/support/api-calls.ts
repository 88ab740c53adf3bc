// Direct API calls for what happens outside the dashboard: a portal service
// publishing events with its API key, and reading the catalog's examples.

export interface PublishResult {
  id: string
  deliveries: number
}

export async function publishEvent(
  baseUrl: string,
  apiKey: string,
  body: unknown,
): Promise<PublishResult> {
  const response = await fetch(`${baseUrl}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const text = await response.text()
  if (response.status !== 202) throw new Error(`Publishing answered ${response.status}: ${text}`)
  return JSON.parse(text) as PublishResult
}

interface CatalogAnswer {
  categories: { id: string; events: { type: string; example: Record<string, unknown> }[] }[]
}

/** The catalog's example publish body for an event type. */
export async function exampleEvent(
  baseUrl: string,
  apiKey: string,
  type: string,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${baseUrl}/api/v1/event-types`, {
    headers: { authorization: `Bearer ${apiKey}` },
  })
  const catalog = (await response.json()) as CatalogAnswer
  const event = catalog.categories
    .flatMap((category) => category.events)
    .find((candidate) => candidate.type === type)
  if (!event) throw new Error(`No ${type} in the catalog`)
  return structuredClone(event.example)
}
