import type { Db } from 'mongodb'

/**
 * A one-line picture of the delivery log and the job queue, printed when a
 * fault test times out so the failure says where deliveries are stuck.
 */
export async function describeQueueState(db: Db): Promise<string> {
  const statuses = await db
    .collection('deliveries')
    .aggregate<{ _id: string; count: number }>([{ $group: { _id: '$status', count: { $sum: 1 } } }])
    .toArray()
  const jobs = await db
    .collection('agenda_jobs')
    .find({}, { projection: { name: 1, lockedAt: 1, nextRunAt: 1, failedAt: 1, failReason: 1, lastFinishedAt: 1, 'data.deliveryIds': 1 } })
    .toArray()
  const now = Date.now()
  const describeJob = (job: Record<string, unknown>) => {
    const ids = (job.data as { deliveryIds?: string[] } | undefined)?.deliveryIds?.length ?? 0
    const age = (field: string) => (job[field] instanceof Date ? `${Math.round((now - (job[field] as Date).getTime()) / 1000)}s ago` : 'null')
    return `${String(job.name)}(${ids} ids, locked ${age('lockedAt')}, next ${age('nextRunAt')}, failed ${age('failedAt')}${job.failReason ? `: ${String(job.failReason)}` : ''})`
  }
  return `deliveries by status ${JSON.stringify(Object.fromEntries(statuses.map((group) => [group._id, group.count])))}; ${jobs.length} jobs: ${jobs
    .slice(0, 20)
    .map(describeJob)
    .join('; ')}`
}
