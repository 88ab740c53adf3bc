import { z } from 'zod'
import type { DeliveryRequest } from './types.ts'

/** The edge dispatcher's one route. */
export const dispatchPath = '/dispatch'

/** Upper bound a caller may ask the edge to wait for an endpoint. */
export const maxEdgeTimeoutMs = 120_000

const authSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('basic'), username: z.string(), password: z.string() }),
])

/** `POST /dispatch` body: a `DeliveryRequest` as JSON (timestamp as ISO 8601), plus an optional timeout. */
export const dispatchBodySchema = z.object({
  url: z.string().min(1),
  messageId: z.string().min(1),
  timestamp: z.iso.datetime({ offset: true }).optional(),
  body: z.string(),
  signingSecrets: z.array(z.string().min(1)).min(1),
  auth: authSchema,
  headers: z.record(z.string(), z.string()).default({}),
  timeoutMs: z.int().min(1).max(maxEdgeTimeoutMs).optional(),
})

export type DispatchBody = z.input<typeof dispatchBodySchema>

export type ParsedDispatchBody =
  { ok: true; request: DeliveryRequest; timeoutMs?: number } | { ok: false; problem: string }

export function parseDispatchBody(json: unknown): ParsedDispatchBody {
  const parsed = dispatchBodySchema.safeParse(json)
  if (!parsed.success) return { ok: false, problem: z.prettifyError(parsed.error) }
  const { timestamp, timeoutMs, ...rest } = parsed.data
  return {
    ok: true,
    request: { ...rest, ...(timestamp ? { timestamp: new Date(timestamp) } : {}) },
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  }
}

/** The JSON the edge client sends for a request. */
export function toDispatchBody(request: DeliveryRequest, timeoutMs?: number): DispatchBody {
  return {
    url: request.url,
    messageId: request.messageId,
    ...(request.timestamp ? { timestamp: request.timestamp.toISOString() } : {}),
    body: request.body,
    signingSecrets: [...request.signingSecrets],
    auth: request.auth,
    headers: { ...request.headers },
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  }
}
