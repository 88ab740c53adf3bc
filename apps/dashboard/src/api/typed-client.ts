import type { AxiosInstance, AxiosResponse } from 'axios'
import type { paths } from './generated/openapi.d.ts'
import { http } from './http.ts'

// A thin typed layer over axios, driven by the types openapi-typescript
// generates from the API's own OpenAPI document: the path must exist, the
// method must exist on it, and path parameters, query, body and answer are
// the documented ones. A change in the API's schemas breaks the dashboard's
// type check instead of the running dashboard.

export type HttpMethod = 'get' | 'post' | 'patch' | 'delete'
type Paths = paths

/** Paths that answer `M`. */
export type PathWith<M extends HttpMethod> = {
  [P in keyof Paths]: Paths[P] extends Record<M, unknown> ? P : never
}[keyof Paths]

export type Operation<P extends keyof Paths, M extends HttpMethod> =
  Paths[P] extends Record<M, infer Op> ? Op : never

type JsonContent<T> = T extends { content: { 'application/json': infer Body } } ? Body : undefined
type SuccessStatus = 200 | 201 | 202 | 204

/** The documented body of a successful answer (`undefined` for 204). */
export type ResponseOf<Op> = Op extends { responses: infer R }
  ? JsonContent<R[Extract<keyof R, SuccessStatus>]>
  : never
export type BodyOf<Op> = Op extends { requestBody: { content: { 'application/json': infer Body } } }
  ? Body
  : never
export type QueryOf<Op> = Op extends { parameters: { query?: infer Q } }
  ? Exclude<Q, undefined>
  : never
export type PathParamsOf<Op> = Op extends { parameters: { path: infer Params } } ? Params : never

type IsNever<T> = [T] extends [never] ? true : false

export type RequestOptions<Op> = (IsNever<PathParamsOf<Op>> extends true
  ? { path?: undefined }
  : { path: PathParamsOf<Op> }) &
  (IsNever<BodyOf<Op>> extends true ? { body?: undefined } : { body: BodyOf<Op> }) & {
    query?: IsNever<QueryOf<Op>> extends true ? undefined : QueryOf<Op>
    signal?: AbortSignal
    /** Extra request headers, e.g. If-Match. */
    headers?: Record<string, string>
  }

/** `/api/v1/apps/{appId}` + `{ appId: 'app_1' }` → `/api/v1/apps/app_1`. */
export function fillPath(
  template: string,
  params: Record<string, string | number> | undefined,
): string {
  return template.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = params?.[name]
    if (value === undefined) throw new Error(`Missing path parameter "${name}" for ${template}`)
    return encodeURIComponent(String(value))
  })
}

/** Query values the API understands: empty strings and undefined are left out. */
export function cleanQuery(
  query: object | undefined,
): Record<string, string | number | boolean> | undefined {
  if (!query) return undefined
  const entries = Object.entries(query).filter(
    ([, value]) => value !== undefined && value !== null && value !== '',
  )
  return Object.fromEntries(entries) as Record<string, string | number | boolean>
}

export interface TypedClient {
  get<P extends PathWith<'get'>>(
    path: P,
    options?: RequestOptions<Operation<P, 'get'>>,
  ): Promise<ResponseOf<Operation<P, 'get'>>>
  post<P extends PathWith<'post'>>(
    path: P,
    options?: RequestOptions<Operation<P, 'post'>>,
  ): Promise<ResponseOf<Operation<P, 'post'>>>
  patch<P extends PathWith<'patch'>>(
    path: P,
    options?: RequestOptions<Operation<P, 'patch'>>,
  ): Promise<ResponseOf<Operation<P, 'patch'>>>
  delete<P extends PathWith<'delete'>>(
    path: P,
    options?: RequestOptions<Operation<P, 'delete'>>,
  ): Promise<ResponseOf<Operation<P, 'delete'>>>
}

interface LooseOptions {
  path?: Record<string, string | number>
  query?: object
  body?: unknown
  signal?: AbortSignal
  headers?: Record<string, string>
}

export function createTypedClient(instance: AxiosInstance): TypedClient {
  async function send(
    method: HttpMethod,
    template: string,
    options: LooseOptions = {},
  ): Promise<unknown> {
    const response: AxiosResponse<unknown> = await instance.request({
      method,
      url: fillPath(template, options.path),
      params: cleanQuery(options.query),
      data: options.body,
      signal: options.signal,
      ...(options.headers ? { headers: options.headers } : {}),
    })
    return response.status === 204 ? undefined : response.data
  }
  // The generic signatures above are the contract; at run time every method is the same call.
  return {
    get: (path, options) => send('get', path, options as LooseOptions),
    post: (path, options) => send('post', path, options as LooseOptions),
    patch: (path, options) => send('patch', path, options as LooseOptions),
    delete: (path, options) => send('delete', path, options as LooseOptions),
  } as TypedClient
}

/** The dashboard's client. */
export const api = createTypedClient(http)

/**
 * `If-Match` for the version the dashboard last read: the API then refuses
 * (412) a change to a record someone else changed meanwhile, instead of
 * silently overwriting theirs. No version known: no header.
 */
export function ifMatch(version: number | undefined): Record<string, string> | undefined {
  return version === undefined ? undefined : { 'If-Match': `"v${version}"` }
}
