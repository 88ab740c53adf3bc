import { pino, type DestinationStream, type Logger } from 'pino'

/**
 * Field names whose values never reach a log line. Request logs carry no
 * headers or bodies at all (see request-logger.ts); this is the second line
 * of defence for anything logged by hand.
 */
const secretFields = ['authorization', 'password', 'passwordHash', 'secret', 'signingSecret', 'token', 'key', 'apiKey', 'cookie']

export const redactPaths = [
  ...secretFields,
  ...secretFields.map((field) => `*.${field}`),
  ...secretFields.map((field) => `*.*.${field}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
]

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'hookline-api' }, redact: { paths: redactPaths, censor: '[redacted]' } }
  return destination ? pino(options, destination) : pino(options)
}
