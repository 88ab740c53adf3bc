// What the database says it does for each list query: on MongoDB the winning
// plan's stages (IXSCAN or COLLSCAN, and which index); on FerretDB 2
// (DocumentDB) PostgreSQL's plan tree, node by node; on FerretDB 1 whatever
// its explain returns (SQLite's plan and what it pushed down), as is.
import type { Db, Document } from 'mongodb'
import type { QueryShape } from './log-query-shapes.ts'

export interface DatabaseInfo {
  /** E.g. `FerretDB "v1.24.2" (reports MongoDB 7.0.42)` or "MongoDB 8.0.4". */
  label: string
  isFerretDb: boolean
  buildInfo: Document
}

export async function databaseInfo(db: Db): Promise<DatabaseInfo> {
  const buildInfo = await db.admin().command({ buildInfo: 1 })
  const ferretDb2 = (buildInfo.ferretdb as { version?: string } | undefined)?.version
  if (ferretDb2) return { label: `FerretDB ${ferretDb2} on PostgreSQL/DocumentDB (reports MongoDB ${String(buildInfo.version)})`, isFerretDb: true, buildInfo }
  // FerretDB 1.x adds ferretdbVersion ("unknown" when built without release flags, as tooling/dev-db builds it).
  return 'ferretdbVersion' in buildInfo
    ? { label: `FerretDB ferretdbVersion=${JSON.stringify(buildInfo.ferretdbVersion)} (reports MongoDB ${String(buildInfo.version)})`, isFerretDb: true, buildInfo }
    : { label: `MongoDB ${String(buildInfo.version)}`, isFerretDb: false, buildInfo }
}

export interface ExplainedShape {
  name: string
  /** One line: the plan's stages outermost first, e.g. "LIMIT > FETCH > IXSCAN tenant_app_list". */
  summary: string
  /** The explain output as the server returned it. */
  raw: Document
}

/** MongoDB's stage tree, flattened; handles the SBE layout (winningPlan.queryPlan). */
function describeStage(stage: Document | undefined): string {
  if (!stage) return '?'
  if (stage.queryPlan) return describeStage(stage.queryPlan as Document)
  const name = `${String(stage.stage)}${stage.indexName ? ` ${String(stage.indexName)}` : ''}`
  if (Array.isArray(stage.inputStages)) return `${name}(${(stage.inputStages as Document[]).map(describeStage).join(', ')})`
  return stage.inputStage ? `${name} > ${describeStage(stage.inputStage as Document)}` : name
}

/**
 * PostgreSQL's plan (FerretDB 2 returns it as `queryPlanner.Plan`), outermost
 * node first: "Limit > Sort(key) > Bitmap Heap Scan > Bitmap Index Scan idx".
 * A Sort node means the index served the filter but not the order.
 */
function postgresSummary(plan: Document): string {
  const node = `${String(plan['Node Type'])}${plan['Index Name'] ? ` ${String(plan['Index Name'])}` : ''}${
    Array.isArray(plan['Sort Key']) ? `(${(plan['Sort Key'] as string[]).join(', ')})` : ''
  }`
  const children = (plan.Plans as Document[] | undefined) ?? []
  if (children.length === 0) return node
  if (children.length === 1) return `${node} > ${postgresSummary(children[0]!)}`
  return `${node}(${children.map(postgresSummary).join(', ')})`
}

function ferretDbSummary(raw: Document): string {
  const plan = (raw.queryPlanner as Document | undefined)?.Plan as Document | undefined
  if (plan && typeof plan === 'object' && 'Node Type' in plan) return postgresSummary(plan)
  // FerretDB 1.x returns its backend's plan (SQLite's EXPLAIN QUERY PLAN rows)
  // and whether it pushed the filter, sort and limit down to it: no index choice to report.
  const flags = Object.entries(raw)
    .filter(([key]) => /pushdown/i.test(key))
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
  const steps = Array.isArray(plan) ? (plan as string[]).map((row) => row.replace(/^.*detail=/, '')).join(', ') : JSON.stringify(plan ?? null)
  const pushed = raw.filterPushdown === true
  return pushed
    ? `pushed down to the backend (${flags.join(', ')}); backend plan: ${steps}`
    : `no winning plan: this server cannot use an index for this query (FerretDB 1.x on SQLite answers only an exact _id filter from an index); it reports ${flags.join(', ')} and SQLite's plan "${steps}", a scan of the whole collection filtered and sorted in FerretDB`
}

/** Whether MongoDB's winning plan walks the index designed for the shape. */
function mongoVerdict(summary: string, index: string): string {
  if (summary.includes(`IXSCAN ${index}`)) return `uses ${index}`
  if (summary.includes('COLLSCAN')) return `COLLECTION SCAN, expected ${index}`
  return `another plan, expected ${index}`
}

function summarizeExplain(raw: Document, shape: QueryShape, isFerretDb: boolean): string {
  if (isFerretDb) return ferretDbSummary(raw)
  const winning = describeStage((raw.queryPlanner as Document | undefined)?.winningPlan as Document | undefined)
  return `${mongoVerdict(winning, shape.index)}: ${winning}`
}

/**
 * Explains the finds that the store's listDeliveries sent for one request of
 * `shape` (captured from the driver's command monitoring, so what is
 * explained is what ran: one find, or one per time window the store read).
 */
export async function explainShape(db: Db, shape: QueryShape, sentFinds: Document[], isFerretDb: boolean): Promise<ExplainedShape> {
  const raws: Document[] = []
  const summaries: string[] = []
  for (const find of sentFinds) {
    // Only the fields the find had: a read by `_id` (the log head's rows) has no sort or limit, and only windowed reads name an index.
    const command = Object.fromEntries(Object.entries({ find: find.find, filter: find.filter, sort: find.sort, projection: find.projection, limit: find.limit, hint: find.hint }).filter(([, value]) => value !== undefined && value !== null))
    const raw = await db.command({ explain: command, verbosity: 'queryPlanner' })
    raws.push(raw)
    summaries.push(summarizeExplain(raw, shape, isFerretDb))
  }
  const byId = sentFinds.filter((find) => typeof (find.filter as Document | undefined)?._id === 'string').length
  const windows =
    byId > 0 && byId === sentFinds.length
      ? `${byId} reads by exact _id (the rows of the tenant's log head; the last)`
      : sentFinds.length === 1
        ? '1 query'
        : `${sentFinds.length} queries (time windows, newest first; the last)`
  return { name: shape.name, summary: `designed for ${shape.index}; ${windows}: ${summaries.at(-1) ?? 'none sent'}`, raw: { explains: raws } }
}
