import { addressPolicyCases } from './address-policy-cases.ts'
import { edgeCases } from './edge-cases.ts'
import { headerCases } from './header-cases.ts'
import { networkCases } from './network-cases.ts'
import { signatureCases } from './signature-cases.ts'
import { statusCases } from './status-cases.ts'
import { testConnectionCases } from './test-connection-cases.ts'

export type { LocalServer, ServeOptions, SuiteCase, SuiteHarness } from './harness.ts'

/** Every case of the shared suite, for the Node and Deno runners. */
export const suiteCases = [
  ...statusCases,
  ...networkCases,
  ...headerCases,
  ...signatureCases,
  ...addressPolicyCases,
  ...testConnectionCases,
  ...edgeCases,
]
