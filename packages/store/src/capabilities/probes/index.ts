import { atomicFindAndModifyProbe } from './atomic-find-and-modify.ts'
import { cappedCollectionsProbe } from './capped-collections.ts'
import { filterPushdownProbe } from './filter-pushdown.ts'
import { indexHintsProbe } from './index-hints.ts'
import { indexOrderedSortProbe } from './index-ordered-sort.ts'
import { orderedIndexesProbe } from './ordered-indexes.ts'
import type { CapabilityProbe } from './probe.ts'
import { tailableCursorsProbe } from './tailable-cursors.ts'
import { transactionsProbe } from './transactions.ts'
import { ttlIndexesProbe } from './ttl-indexes.ts'
import { unionReadsProbe } from './union-reads.ts'

/** Every probe, one per capability. A new capability adds its field to ServerCapabilities and its probe here. */
export const capabilityProbes: readonly CapabilityProbe[] = [
  cappedCollectionsProbe,
  tailableCursorsProbe,
  ttlIndexesProbe,
  transactionsProbe,
  atomicFindAndModifyProbe,
  filterPushdownProbe,
  indexOrderedSortProbe,
  indexHintsProbe,
  orderedIndexesProbe,
  unionReadsProbe,
]

export type { CapabilityProbe, ScratchSpace } from './probe.ts'
