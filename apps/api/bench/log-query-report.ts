// Latency summaries for the log-query benchmark (percentiles, tables and
// PASS/MISS lines come from @hookline/bench-report, as in bench/).
import { percentile, round } from '@hookline/bench-report'

export interface LatencySummary {
  samples: number
  p50Ms: number
  p95Ms: number
  maxMs: number
}

export function summarize(samples: readonly number[]): LatencySummary {
  return {
    samples: samples.length,
    p50Ms: round(percentile(samples, 0.5)),
    p95Ms: round(percentile(samples, 0.95)),
    maxMs: round(Math.max(...samples)),
  }
}
