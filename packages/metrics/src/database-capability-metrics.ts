import type { ServerCapabilities } from '@hookline/store'
import { Gauge, type Registry } from 'prom-client'

/**
 * `hookline_database_capability{capability}`: 1 for what the start-up probes
 * found the database server does, 0 for what it does not. Each answer picks
 * a path (tailing or polling for wake-ups, one union or three reads per job,
 * transactions or steps for a publish), so an operator can see on a
 * dashboard which ones every process took, and that a fleet agrees, without
 * reading start-up logs. Nothing is exported until the profile is known: a
 * scrape neither waits for a detection nor starts one.
 */
export function registerDatabaseCapabilityMetrics(registry: Registry, known: () => ServerCapabilities | undefined): void {
  new Gauge({
    name: 'hookline_database_capability',
    help: 'What the database server was found to do at start: 1 yes, 0 no, by capability.',
    labelNames: ['capability'] as const,
    registers: [registry],
    collect() {
      const profile = known()
      if (!profile) return
      for (const [capability, present] of Object.entries(profile)) this.set({ capability }, present ? 1 : 0)
    },
  })
}
