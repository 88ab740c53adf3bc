import { mkdir, writeFile } from 'node:fs/promises'
import { cpus, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'results')

/** Writes `bench/results/<name>.json` with the machine it ran on. */
export async function writeResult(name: string, data: Record<string, unknown>): Promise<string> {
  await mkdir(resultsDir, { recursive: true })
  const file = join(resultsDir, `${name}.json`)
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version }
  await writeFile(file, `${JSON.stringify({ name, at: new Date().toISOString(), machine, ...data }, null, 2)}\n`)
  return file
}
