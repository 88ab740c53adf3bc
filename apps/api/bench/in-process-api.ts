// The real API app served over HTTP on 127.0.0.1 inside a benchmark's own
// process (so its memory and time are the benchmark's to measure), with the
// rate limit off and `admin` as the platform operator it seeds.
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { parseAllowlist } from '@hookline/dispatcher'
import type { Db } from 'mongodb'
import { createApi } from '../src/app.ts'
import { loadEventRegistry } from '../src/catalog.ts'
import { loadConfig } from '../src/config.ts'
import { createLogger } from '../src/logger.ts'
import { createConnectionTester } from '../src/services/connection-tester.ts'

export interface InProcessApi {
  baseUrl: string
  close(): Promise<void>
}

export async function serveApiInProcess(db: Db, admin: { email: string; password: string }): Promise<InProcessApi> {
  const config = loadConfig({ HOOKLINE_RATE_LIMIT: 'off', HOOKLINE_ADMIN_EMAIL: admin.email, HOOKLINE_ADMIN_PASSWORD: admin.password }, parseAllowlist)
  const api = createApi({
    config,
    db,
    secretKey: randomBytes(32),
    registry: await loadEventRegistry(),
    connectionTester: createConnectionTester({ allow: [], allowHttp: false, timeoutMs: 1_000 }),
    logger: createLogger('warn'),
  })
  const server = api.app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections()
      server.close()
      await api.deliveryQueue.close()
    },
  }
}
