import type { operations, paths } from './generated/openapi.ts'

// The client's methods are typed by the OpenAPI document: `generated/openapi.ts`
// is openapi-typescript's output for the live document (a test regenerates it
// and fails on any difference), and every method names the operationId it
// calls. A path, method, parameter or field the document does not have fails
// to compile here.

export type OperationId = keyof operations
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE'

type Operation<I extends OperationId> = operations[I]
type Success<R> = R extends { 200: infer S } ? S : R extends { 201: infer S } ? S : R extends { 202: infer S } ? S : R extends { 204: infer S } ? S : never
type JsonContent<S> = S extends { content: { 'application/json': infer J } } ? J : undefined

/** The query parameters of an operation. */
export type QueryOf<I extends OperationId> = Operation<I>['parameters'] extends { query?: infer Q } ? NonNullable<Q> : never
/** The JSON request body of an operation. */
export type BodyOf<I extends OperationId> = NonNullable<Operation<I>['requestBody']> extends { content: { 'application/json': infer B } } ? B : never
/** The JSON body of an operation's successful answer (undefined for 204). */
export type ResponseOf<I extends OperationId> = JsonContent<Success<Operation<I>['responses']>>

/** Where each operation the client calls lives; checked against `paths` below. */
export const operationRoutes = {
  listApps: ['GET', '/api/v1/apps'],
  createApp: ['POST', '/api/v1/apps'],
  testAppConnection: ['POST', '/api/v1/apps/test-connection'],
  createSigningSecret: ['POST', '/api/v1/apps/signing-secret'],
  getApp: ['GET', '/api/v1/apps/{appId}'],
  updateApp: ['PATCH', '/api/v1/apps/{appId}'],
  deleteApp: ['DELETE', '/api/v1/apps/{appId}'],
  activateApp: ['POST', '/api/v1/apps/{appId}/activate'],
  deactivateApp: ['POST', '/api/v1/apps/{appId}/deactivate'],
  getAppSigningSecret: ['GET', '/api/v1/apps/{appId}/secret'],
  rotateAppSigningSecret: ['POST', '/api/v1/apps/{appId}/rotate-secret'],
  listDeliveryLogs: ['GET', '/api/v1/logs'],
  getDeliveryLog: ['GET', '/api/v1/logs/{deliveryId}'],
  redeliverDelivery: ['POST', '/api/v1/logs/{deliveryId}/redeliver'],
  redeliverMatchingDeliveries: ['POST', '/api/v1/logs/redeliver'],
  exportDeliveryLogs: ['GET', '/api/v1/logs/export'],
  publishEvents: ['POST', '/api/v1/events'],
} as const satisfies { [I in OperationId]?: readonly [Method, keyof paths] }

export type RoutedOperation = keyof typeof operationRoutes

// Compile-time proof that each entry's path and method serve exactly that operation.
type Served<I extends RoutedOperation> = (typeof operationRoutes)[I] extends readonly [infer M extends Method, infer P extends keyof paths]
  ? paths[P][Lowercase<M>] extends Operation<I>
    ? Operation<I> extends paths[P][Lowercase<M>]
      ? true
      : false
    : false
  : false
type Mismatched = { [I in RoutedOperation]: Served<I> extends true ? never : I }[RoutedOperation]
const everyRouteMatches: [Mismatched] extends [never] ? true : Mismatched = true
void everyRouteMatches

/** Fills `{name}` segments, each encoded. */
export function fillPath(template: string, values: Record<string, string> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = values[name]
    if (value === undefined) throw new TypeError(`missing path parameter "${name}"`)
    return encodeURIComponent(value)
  })
}
