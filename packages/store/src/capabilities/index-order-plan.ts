import type { Document } from 'mongodb'

/**
 * Whether an explained find is answered by walking an index in the order
 * asked for, with no sort of its own on top: then a limited read costs its
 * limit, however many documents the filter matches. Two plan forms count:
 * MongoDB's (`queryPlanner.winningPlan` with an IXSCAN and no SORT stage)
 * and PostgreSQL's, as FerretDB 2 on DocumentDB returns it
 * (`queryPlanner.Plan`: an Index Scan node that carries an `Order By`, and
 * no Sort node anywhere). Anything else — FerretDB 1 sorting in its own
 * process, a PostgreSQL `Limit > Sort > Index Scan` — is a no.
 */
export function isServedInIndexOrder(explained: Document): boolean {
  const planner = explained.queryPlanner as Document | undefined
  if (!planner || typeof planner !== 'object') return false
  if (planner.winningPlan && typeof planner.winningPlan === 'object') {
    const stages = JSON.stringify(planner.winningPlan)
    return /"stage":"IXSCAN"/.test(stages) && !/"stage":"(SORT|SORT_KEY_GENERATOR)"/.test(stages)
  }
  if (planner.Plan && typeof planner.Plan === 'object') {
    const nodes = postgresPlanNodes(planner.Plan as Document)
    const sorts = nodes.some((node) => /Sort$/.test(String(node['Node Type'])))
    const orderedScan = nodes.some((node) => /^Index (Only )?Scan$/.test(String(node['Node Type'])) && node['Order By'] !== undefined)
    return orderedScan && !sorts
  }
  return false
}

function postgresPlanNodes(node: Document): Document[] {
  const children = Array.isArray(node.Plans) ? (node.Plans as Document[]) : []
  return [node, ...children.flatMap(postgresPlanNodes)]
}
