import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import * as dispatcher from '../src/index.ts'
import * as nodeAdapter from '../node/index.ts'

const packageJson = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as { version: string }

test('the user-agent version follows package.json', () => {
  expect(dispatcher.dispatcherVersion).toBe(packageJson.version)
  expect(dispatcher.userAgent).toBe(
    `Hookline-Webhooks/${packageJson.version} (+https://github.com/hookline/hookline)`,
  )
})

// A change to the public API shows up here, on purpose.
test('export lists', () => {
  expect(Object.keys(dispatcher).sort()).toMatchInlineSnapshot(`
    [
      "DispatcherError",
      "addressPolicyFromEnv",
      "buildRequestHeaders",
      "checkEndpoint",
      "classifyNetworkError",
      "classifyStatus",
      "createAddressPolicy",
      "createDispatchHandler",
      "createEdgeDispatcher",
      "decodeSecret",
      "defaultTimeoutMs",
      "deliver",
      "deliveryErrorCodes",
      "describeRange",
      "describeResponse",
      "dispatchBodySchema",
      "dispatchPath",
      "dispatcherVersion",
      "fetchEdgePolicy",
      "isDispatcherError",
      "isSensitiveHeaderName",
      "maskRequestHeaders",
      "maxEdgeTimeoutMs",
      "parseAllowlist",
      "parseDispatchBody",
      "parseRetryAfter",
      "policyDifferences",
      "policyOf",
      "policyPath",
      "recordedResponseHeaders",
      "redactUrlQueries",
      "redactUrlQuery",
      "reservedHeaderNames",
      "responseExcerptBytes",
      "retryAfterBoundsMs",
      "signWebhook",
      "testConnection",
      "testEventType",
      "userAgent",
      "validateCustomHeaders",
    ]
  `)
  expect(Object.keys(nodeAdapter).sort()).toMatchInlineSnapshot(`
    [
      "createNodeDeliverOptions",
      "createPinnedFetch",
      "resolveHost",
    ]
  `)
})
