// How much longer than its period a doorbell listener waits between reads once rings stop coming.
const idlePollFactor = 5
// How long after the last ring a doorbell listener keeps its short period. Backing off at the first
// read that found no ring put up to 100 ms between a job and its wake-up whenever jobs came less
// often than every period: at 50 single publishes/s, publish → delivery p50 49–67 ms, 26–30 ms with
// this window (steady-latency, DocumentDB, 2026-12-04).
export const activeWindowMs = 250

/**
 * The wait before a doorbell listener's next read: its period while rings
 * keep coming (one within the last `activeWindowMs`), then twice the
 * previous wait after each quiet read, up to `idlePollFactor` periods. An
 * idle worker so costs the database a read every 100 ms instead of every
 * 20 ms, and the first job after a quiet spell waits at most that long.
 */
export function nextDoorbellWait(previousWaitMs: number, sinceLastRingMs: number, periodMs: number): number {
  if (sinceLastRingMs <= activeWindowMs) return periodMs
  return Math.min(periodMs * idlePollFactor, previousWaitMs * 2)
}
