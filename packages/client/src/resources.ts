import { fillPath, operationRoutes, type BodyOf, type QueryOf, type ResponseOf, type RoutedOperation } from './operations.ts'
import type { Transport } from './transport.ts'

interface CallInput {
  path?: Record<string, string>
  query?: Record<string, string | number | boolean | undefined> | undefined
  body?: unknown
  signal?: AbortSignal | undefined
}

/** One typed call of a documented operation. */
export type Caller = <I extends RoutedOperation>(operationId: I, input?: CallInput) => Promise<ResponseOf<I>>

export function createCaller(transport: Transport): Caller {
  return async (operationId, input = {}) => {
    const [method, template] = operationRoutes[operationId]
    const response = await transport.json<never>({
      method,
      path: fillPath(template, input.path),
      query: input.query,
      body: input.body,
      signal: input.signal,
    })
    return response.body
  }
}

export type App = ResponseOf<'getApp'>
export type AppPage = ResponseOf<'listApps'>
export type DeliveryLog = ResponseOf<'getDeliveryLog'>
export type DeliveryLogPage = ResponseOf<'listDeliveryLogs'>

export interface Signal {
  signal?: AbortSignal
}

/** Webhook applications (Manager role). */
export function createAppsApi(call: Caller) {
  return {
    list: (query: QueryOf<'listApps'> = {}, options: Signal = {}) => call('listApps', { query, ...options }),
    get: (appId: string, options: Signal = {}) => call('getApp', { path: { appId }, ...options }),
    /** Runs the connection test first: a failing endpoint is a HooklineError with status 422. */
    create: (body: BodyOf<'createApp'>, options: Signal = {}) => call('createApp', { body, ...options }),
    update: (appId: string, body: BodyOf<'updateApp'>, options: Signal = {}) => call('updateApp', { path: { appId }, body, ...options }),
    delete: (appId: string, options: Signal = {}) => call('deleteApp', { path: { appId }, ...options }),
    activate: (appId: string, options: Signal = {}) => call('activateApp', { path: { appId }, ...options }),
    deactivate: (appId: string, options: Signal = {}) => call('deactivateApp', { path: { appId }, ...options }),
    testConnection: (body: BodyOf<'testAppConnection'>, options: Signal = {}) => call('testAppConnection', { body, ...options }),
    /** A fresh `whsec_…` secret, stored nowhere: configure the receiver, then pass it as `signingSecret`. */
    newSigningSecret: (options: Signal = {}) => call('createSigningSecret', options),
    signingSecret: (appId: string, options: Signal = {}) => call('getAppSigningSecret', { path: { appId }, ...options }),
    rotateSigningSecret: (appId: string, options: Signal = {}) => call('rotateAppSigningSecret', { path: { appId }, ...options }),
  }
}

/** Delivery logs and redelivery (Manager role). */
export function createLogsApi(call: Caller) {
  return {
    list: (query: QueryOf<'listDeliveryLogs'> = {}, options: Signal = {}) => call('listDeliveryLogs', { query, ...options }),
    get: (deliveryId: string, options: Signal = {}) => call('getDeliveryLog', { path: { deliveryId }, ...options }),
    redeliver: (deliveryId: string, options: Signal = {}) => call('redeliverDelivery', { path: { deliveryId }, ...options }),
    redeliverMatching: (body: BodyOf<'redeliverMatchingDeliveries'>, options: Signal = {}) =>
      call('redeliverMatchingDeliveries', { body, ...options }),
  }
}

export interface ExportedFile {
  contentType: string
  /** From Content-Disposition, when the server named the file. */
  fileName: string | undefined
  bytes: Uint8Array
}

/** Delivery-log exports: exactly the filtered logs as CSV, Excel or PDF. */
export function createExportsApi(transport: Transport) {
  return {
    async download(query: QueryOf<'exportDeliveryLogs'>, options: Signal = {}): Promise<ExportedFile> {
      const [method, path] = operationRoutes.exportDeliveryLogs
      const response = await transport.raw({ method, path, query, signal: options.signal })
      return {
        contentType: response.headers.get('content-type') ?? 'application/octet-stream',
        fileName: fileNameOf(response.headers.get('content-disposition')),
        bytes: new Uint8Array(await response.arrayBuffer()),
      }
    },
  }
}

function fileNameOf(disposition: string | null): string | undefined {
  if (!disposition) return undefined
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1]
  if (extended) return decodeURIComponent(extended)
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1]
}
