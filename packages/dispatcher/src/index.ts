// @hookline/dispatcher: one delivery attempt on web-standard APIs only. The
// Node DNS adapter lives in `@hookline/dispatcher/node`, the Deno resolver and
// edge program in `deno/`.
export type { DeliveryOutcome, DeliveryOutcomeKind } from '@hookline/core'

export { deliver } from './deliver.ts'
export { testConnection, testEventType } from './test-connection.ts'
export type { ConnectionTestConfig, ConnectionTestResult, TestConnectionOptions } from './test-connection.ts'
export { defaultTimeoutMs } from './types.ts'
export type {
  DeliverOptions,
  DeliveryAuth,
  DeliveryRequest,
  FetchFunction,
  HmacSha256,
  HmacSha256Base64,
  HostResolver,
  PostAnswer,
  PostTransport,
} from './types.ts'

export { signWebhook, decodeSecret } from './signature.ts'
export type { SignWebhookInput, WebhookSignatureHeaders } from './signature.ts'
export { buildRequestHeaders, maskRequestHeaders } from './request-headers.ts'
export { reservedHeaderNames, validateCustomHeaders } from './custom-headers.ts'
export { isSensitiveHeaderName } from './sensitive-headers.ts'
export { redactUrlQueries, redactUrlQuery } from './redact-url.ts'
export type {
  CustomHeaderProblem,
  CustomHeaderProblemCode,
  CustomHeaderRules,
} from './custom-headers.ts'

export { classifyStatus, describeResponse } from './classify-response.ts'
export { classifyNetworkError } from './classify-error.ts'
export type { NetworkFailure } from './classify-error.ts'
export { deliveryErrorCodes } from './error-codes.ts'
export type { DeliveryErrorCode } from './error-codes.ts'
export { parseRetryAfter, retryAfterBoundsMs } from './retry-after.ts'
export { recordedResponseHeaders, responseExcerptBytes } from './response-excerpt.ts'

export {
  addressPolicyFromEnv,
  createAddressPolicy,
  describeRange,
  parseAllowlist,
} from './address-policy.ts'
export type { AddressPolicy, AddressPolicyOptions, AddressVerdict } from './address-policy.ts'
export { checkEndpoint } from './check-endpoint.ts'
export type { EndpointCheck } from './check-endpoint.ts'
export type { AttemptDeadline } from './attempt-deadline.ts'

export { createDispatchHandler } from './edge-handler.ts'
export type { DispatchHandlerOptions } from './edge-handler.ts'
export { createEdgeDispatcher } from './edge-client.ts'
export { fetchEdgePolicy, policyDifferences, policyOf, policyPath } from './edge-policy.ts'
export type { EdgePolicy, FetchEdgePolicyOptions } from './edge-policy.ts'
export type { Dispatch, EdgeDispatcherOptions } from './edge-client.ts'
export {
  dispatchBodySchema,
  dispatchPath,
  maxEdgeTimeoutMs,
  parseDispatchBody,
} from './edge-protocol.ts'
export type { DispatchBody } from './edge-protocol.ts'

export { DispatcherError, isDispatcherError } from './errors.ts'
export type { DispatcherErrorCode } from './errors.ts'
export { dispatcherVersion, userAgent } from './version.ts'
