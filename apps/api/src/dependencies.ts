import type { EventRegistry } from '@hookline/core'
import type { Store } from '@hookline/store'
import type { Logger } from 'pino'
import type { PasswordHasher } from './auth/passwords.ts'
import type { TokenService } from './auth/tokens.ts'
import type { ApiConfig } from './config.ts'
import type { ConnectionTester } from './services/connection-tester.ts'

/** What the route files need, built once by createApi. */
export interface RouteDependencies {
  config: ApiConfig
  store: Store
  registry: EventRegistry
  tokens: TokenService
  passwords: PasswordHasher
  connectionTester: ConnectionTester
  logger: Logger
}
