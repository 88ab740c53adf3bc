import type { EventRegistry } from '@hookline/core'
import type { Store } from '@hookline/store'
import type { DeliveryQueue } from '@hookline/queue'
import type { Logger } from 'pino'
import type { PasswordHasher } from './auth/passwords.ts'
import type { TokenService } from './auth/tokens.ts'
import type { ApiConfig } from './config.ts'
import type { ConnectionTester } from './services/connection-tester.ts'
import type { LoginThrottle } from './services/login-throttle.ts'

/** What the route files need, built once by createApi. */
export interface RouteDependencies {
  config: ApiConfig
  store: Store
  registry: EventRegistry
  tokens: TokenService
  passwords: PasswordHasher
  connectionTester: ConnectionTester
  logger: Logger
  /** Back-off for wrong passwords; absent when HOOKLINE_RATE_LIMIT is off. */
  loginThrottle?: LoginThrottle | undefined
  /** Hands deliveries of system events (an app turned on again) to the worker. */
  deliveryQueue?: DeliveryQueue | undefined
  /** Whether the process is stopping (readiness answers 503 then). */
  lifecycle: ApiLifecycle
}

/** The API process's state as load balancers should see it. */
export interface ApiLifecycle {
  /** Set when a shutdown begins: `/readyz` answers 503 so no new requests are routed here. */
  draining: boolean
}
