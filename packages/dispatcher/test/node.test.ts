// The shared suite under vitest on Node.
import { describe, test } from 'vitest'
import { nodeHarness } from './node-harness.ts'
import { suiteCases } from './suite/index.ts'

const groups = [...new Set(suiteCases.map((suiteCase) => suiteCase.group))]

for (const group of groups) {
  describe(group, () => {
    for (const suiteCase of suiteCases.filter((candidate) => candidate.group === group)) {
      test(suiteCase.name, () => suiteCase.run(nodeHarness))
    }
  })
}
