import { pino, type DestinationStream, type Logger } from 'pino'

// Attempts are logged by id and outcome only: never a body, a header or a secret.
const secretFields = ['authorization', 'password', 'secret', 'signingSecrets', 'token', 'key']

export function createWorkerLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'hookline-worker' },
    redact: { paths: [...secretFields, ...secretFields.map((field) => `*.${field}`)], censor: '[redacted]' },
  }
  return destination ? pino(options, destination) : pino(options)
}
