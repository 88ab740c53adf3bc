import type { Request, Response } from 'express'
import type { z } from 'zod'
import type { Access } from '../auth/access.ts'
import type { Principal } from '../auth/principal.ts'

export type HttpMethod = 'get' | 'post' | 'patch' | 'delete'

type AnyObjectSchema = z.ZodType<Record<string, unknown>>
type Output<S> = S extends z.ZodType ? z.output<S> : undefined

/** A header as the OpenAPI document describes it. */
export interface DocumentedHeader {
  name: string
  description: string
  schema: Record<string, unknown>
  required?: boolean
}

/** What a handler receives: validated input and, unless the route is public, who is calling. */
export interface RouteContext<P, Q, B, Auth extends Access> {
  params: P
  query: Q
  body: B
  principal: Auth extends { kind: 'public' } ? undefined : Principal
  request: Request
  response: Response
}

/**
 * One operation: its path, who may call it, the zod schemas its input is
 * validated with, and the answer. The same object feeds the router and the
 * OpenAPI document, so the two cannot drift apart.
 */
export interface RouteDefinition<
  PS extends AnyObjectSchema | undefined = AnyObjectSchema | undefined,
  QS extends AnyObjectSchema | undefined = AnyObjectSchema | undefined,
  BS extends z.ZodType | undefined = z.ZodType | undefined,
  Auth extends Access = Access,
> {
  method: HttpMethod
  /** Express syntax, e.g. `/api/v1/apps/:appId`. */
  path: string
  operationId: string
  summary: string
  description?: string
  tag: string
  access: Auth
  params?: PS
  query?: QS
  body?: BS
  /** Status of a successful answer. 204 sends no body. */
  status: 200 | 201 | 202 | 204
  /** Documents the successful answer's body. */
  response?: z.ZodType
  /** Problem statuses worth documenting besides the ones every route can answer. */
  problems?: number[]
  /** What a problem status means on this route, where it differs from the usual meaning (e.g. 422). */
  problemNotes?: Partial<Record<number, string>>
  /**
   * Set when the handler streams a file to `response` itself (status,
   * headers, body) instead of returning JSON: the success is documented as
   * these media types. The router sends nothing once headers are sent.
   */
  download?: { mediaTypes: readonly string[]; description: string }
  /** Request headers the handler reads, for the document (e.g. `Idempotency-Key`). */
  requestHeaders?: readonly DocumentedHeader[]
  /** Headers of the successful answer besides ETag, for the document (e.g. `Location`). */
  responseHeaders?: readonly DocumentedHeader[]
  /**
   * The body's JSON Schema in the document when the zod schema cannot say it,
   * e.g. the publish body, whose payloads come from the loaded plugins.
   */
  documentedBody?: Record<string, unknown>
  handle(context: RouteContext<Output<PS>, Output<QS>, Output<BS>, Auth>): Promise<unknown>
}

/** Type-checks a route's handler against its schemas; returns the route unchanged. */
export function defineRoute<
  PS extends AnyObjectSchema | undefined = undefined,
  QS extends AnyObjectSchema | undefined = undefined,
  BS extends z.ZodType | undefined = undefined,
  const Auth extends Access = Access,
>(route: RouteDefinition<PS, QS, BS, Auth>): RouteDefinition {
  return route as unknown as RouteDefinition
}
