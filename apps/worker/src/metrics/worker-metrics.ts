import type { DeliveryOutcomeKind, DeliveryStatus } from '@hookline/core'
import { createProcessRegistry, type ProcessRegistryOptions } from '@hookline/metrics'
import { Counter, Histogram } from 'prom-client'

/** The worker's Prometheus metrics, on a registry of its own (tests run several workers in one process). */
export function createWorkerMetrics(options: ProcessRegistryOptions = {}) {
  const { registry, stopWatchingDatabase } = createProcessRegistry('hookline_worker_', options)

  const attempts = new Counter({
    name: 'hookline_delivery_attempts_total',
    help: 'Delivery attempts by outcome (success, transient, non-transient).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  })
  const attemptDuration = new Histogram({
    name: 'hookline_delivery_attempt_duration_seconds',
    help: 'Time of one attempt, from address check to response excerpt.',
    labelNames: ['outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30],
    registers: [registry],
  })
  const firstAttemptLatency = new Histogram({
    name: 'hookline_delivery_first_attempt_latency_seconds',
    help: 'From the delivery being stored (the publish) to the start of its first attempt.',
    buckets: [0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 5, 30, 120],
    registers: [registry],
  })
  const deliveries = new Counter({
    name: 'hookline_deliveries_total',
    help: 'Delivery chains that ended, by final status (succeeded, failed, skipped).',
    labelNames: ['status'] as const,
    registers: [registry],
  })
  const retries = new Counter({
    name: 'hookline_delivery_retries_total',
    help: 'Retries scheduled after a transient outcome.',
    registers: [registry],
  })
  const deactivations = new Counter({
    name: 'hookline_app_deactivations_total',
    help: 'Applications turned off after a non-transient outcome.',
    registers: [registry],
  })

  const edgeUnavailable = new Counter({
    name: 'hookline_edge_unavailable_total',
    help: 'Calls to the edge dispatcher that got no answer (deliveries and policy checks); the deliveries are retried.',
    registers: [registry],
  })

  // One child per outcome, made once: prom-client hashes a labels object on every call, and this runs per attempt.
  const byOutcome = new Map<DeliveryOutcomeKind, { attempts: Counter.Internal; duration: Histogram.Internal<'outcome'> }>()
  const forOutcome = (outcome: DeliveryOutcomeKind) => {
    let children = byOutcome.get(outcome)
    if (!children) {
      children = { attempts: attempts.labels({ outcome }), duration: attemptDuration.labels({ outcome }) }
      byOutcome.set(outcome, children)
    }
    return children
  }

  return {
    registry,
    /** Stops counting the database client's commands (the client may outlive this worker). */
    close: stopWatchingDatabase,
    recordEdgeUnavailable() {
      edgeUnavailable.inc()
    },
    recordAttempt(outcome: DeliveryOutcomeKind, durationMs: number) {
      const children = forOutcome(outcome)
      children.attempts.inc()
      children.duration.observe(durationMs / 1000)
    },
    recordFirstAttempt(latencyMs: number) {
      firstAttemptLatency.observe(Math.max(0, latencyMs) / 1000)
    },
    recordEnded(status: Extract<DeliveryStatus, 'succeeded' | 'failed' | 'skipped'>, count = 1) {
      if (count > 0) deliveries.inc({ status }, count)
    },
    recordRetries(count: number) {
      if (count > 0) retries.inc(count)
    },
    recordDeactivation() {
      deactivations.inc()
    },
  }
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>
