/** One target of the benchmark issue and what a run measured against it. */
export interface TargetCheck {
  target: string
  measured: string
  pass: boolean
}

export function check(target: string, measured: string, pass: boolean): TargetCheck {
  return { target, measured, pass }
}

/** One line per target, starting PASS or MISS (`pnpm bench` collects these lines). */
export function printChecks(checks: readonly TargetCheck[]): void {
  for (const { target, measured, pass } of checks) console.log(`${pass ? 'PASS' : 'MISS'}  ${target} — measured ${measured}`)
}
