import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface TestSummary {
  passed: number
  failed: number
  skipped: number
  total: number
  /** "Tests: N passed, N failed, N skipped" — the line CI reads. */
  line: string
}

interface VitestJsonReport {
  numPassedTests: number
  numFailedTests: number
  numPendingTests: number
  numTodoTests?: number
}

/**
 * Adds up the reports the suites wrote: vitest's JSON reports (`*.json`) and
 * JUnit XML from runners such as `deno test` (`*.xml`).
 */
export async function summarizeReports(dir: string): Promise<TestSummary> {
  let passed = 0
  let failed = 0
  let skipped = 0
  for (const file of await readdir(dir)) {
    const text = await readFile(join(dir, file), 'utf8')
    if (file.endsWith('.json')) {
      const report = JSON.parse(text) as VitestJsonReport
      passed += report.numPassedTests
      failed += report.numFailedTests
      skipped += report.numPendingTests + (report.numTodoTests ?? 0)
    } else if (file.endsWith('.xml')) {
      const junit = countJUnit(text)
      passed += junit.passed
      failed += junit.failed
      skipped += junit.skipped
    }
  }
  const total = passed + failed + skipped
  return { passed, failed, skipped, total, line: `Tests: ${passed} passed, ${failed} failed, ${skipped} skipped` }
}

function countJUnit(xml: string) {
  const cases = xml.match(/<testcase\b[^>]*?(\/>|>[\s\S]*?<\/testcase>)/g) ?? []
  let failed = 0
  let skipped = 0
  for (const testCase of cases) {
    if (/<(failure|error)\b/.test(testCase)) failed++
    else if (/<skipped\b/.test(testCase)) skipped++
  }
  return { passed: cases.length - failed - skipped, failed, skipped }
}

/** Two runs' summaries as one (the fallback lane adds to the main run). */
export function addSummaries(first: TestSummary, second: TestSummary | undefined): TestSummary {
  if (!second) return first
  const passed = first.passed + second.passed
  const failed = first.failed + second.failed
  const skipped = first.skipped + second.skipped
  return { passed, failed, skipped, total: passed + failed + skipped, line: `Tests: ${passed} passed, ${failed} failed, ${skipped} skipped` }
}
