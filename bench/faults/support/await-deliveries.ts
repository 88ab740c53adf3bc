import { auditArrivals, auditLog, type ArrivalAudit, type ExpectedDelivery, type LogAudit } from './delivery-audit.ts'
import type { FaultSystem } from './fault-system.ts'
import { describeQueueState } from './queue-state.ts'
import { waitUntil } from './wait-until.ts'

/**
 * Waits until every acknowledged delivery reached the receiver, then returns
 * the audit of what arrived. On a timeout the error also pictures the
 * delivery log and the job queue, so it says where deliveries are stuck.
 */
export async function awaitArrivals(faults: FaultSystem, expected: readonly ExpectedDelivery[], timeoutMs: number): Promise<ArrivalAudit> {
  const arrivals = await waitUntil(
    'every acknowledged delivery to arrive',
    () => faults.receiver.arrivals(),
    (seen) => auditArrivals(expected, seen).missing.length === 0,
    { timeoutMs, everyMs: 1_000, describe: (seen) => `${auditArrivals(expected, seen).missing.length} of ${expected.length} missing` },
  ).catch(async (error: Error) => {
    throw new Error(`${error.message}\n${await describeQueueState(faults.db)}`, { cause: error })
  })
  return auditArrivals(expected, arrivals)
}

/**
 * Waits until the log holds a succeeded record for every delivery (the
 * result of an attempt is written just after it arrives), then returns the
 * audit of the log.
 */
export function awaitSucceededLog(faults: FaultSystem, expected: readonly ExpectedDelivery[], arrived: ArrivalAudit, timeoutMs = 60_000): Promise<LogAudit> {
  return waitUntil(
    'every delivery to be logged as succeeded',
    () => auditLog(faults.db, expected, arrived.webhookIds),
    (found) => found.notSucceeded.length === 0 && found.records.length === expected.length,
    { timeoutMs, describe: (found) => `${found.records.length} records, ${found.notSucceeded.length} not succeeded` },
  )
}
