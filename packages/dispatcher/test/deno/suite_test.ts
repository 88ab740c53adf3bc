// The shared suite under `deno test` (see the package's test:deno script).
import { denoHarness } from './harness.ts'
import { suiteCases } from '../suite/index.ts'

for (const suiteCase of suiteCases) {
  Deno.test(`${suiteCase.group} › ${suiteCase.name}`, () => suiteCase.run(denoHarness))
}
