export { median, percentile, round } from './stats.ts'
export { printTable } from './table.ts'
export { check, printChecks, type TargetCheck } from './targets.ts'
