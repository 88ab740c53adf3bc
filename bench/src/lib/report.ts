import { mkdir, writeFile } from 'node:fs/promises'
import { cpus, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'results')

export interface TargetCheck {
  target: string
  measured: string
  pass: boolean
}

/** A target line: PASS or MISS, with what was measured. */
export function check(target: string, measured: string, pass: boolean): TargetCheck {
  return { target, measured, pass }
}

export function printTable(title: string, rows: Record<string, string | number>[]): void {
  console.log(`\n${title}`)
  if (rows.length === 0) return
  const columns = Object.keys(rows[0]!)
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => String(row[column]).length)))
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')
  console.log(line(columns))
  console.log(line(widths.map((width) => '-'.repeat(width))))
  for (const row of rows) console.log(line(columns.map((column) => String(row[column]))))
}

export function printChecks(checks: TargetCheck[]): void {
  for (const { target, measured, pass } of checks) console.log(`${pass ? 'PASS' : 'MISS'}  ${target} — measured ${measured}`)
}

/** Writes `bench/results/<name>.json` with the machine it ran on. */
export async function writeResult(name: string, data: Record<string, unknown>): Promise<string> {
  await mkdir(resultsDir, { recursive: true })
  const file = join(resultsDir, `${name}.json`)
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version }
  await writeFile(file, `${JSON.stringify({ name, at: new Date().toISOString(), machine, ...data }, null, 2)}\n`)
  return file
}
