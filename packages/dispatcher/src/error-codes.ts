/**
 * `DeliveryOutcome.errorCode` values for attempts that got no HTTP response.
 * Network failures keep the familiar POSIX-style names on every runtime.
 */
export const deliveryErrorCodes = {
  invalidUrl: 'invalid-url',
  httpNotAllowed: 'http-not-allowed',
  addressRefused: 'address-refused',
  timeout: 'timeout',
  aborted: 'aborted',
  connectionRefused: 'ECONNREFUSED',
  connectionReset: 'ECONNRESET',
  hostNotFound: 'ENOTFOUND',
  dnsTemporaryFailure: 'EAI_AGAIN',
  tlsCertificate: 'tls-certificate',
  tlsHandshake: 'tls-handshake',
  network: 'network-error',
} as const

export type DeliveryErrorCode = (typeof deliveryErrorCodes)[keyof typeof deliveryErrorCodes]
