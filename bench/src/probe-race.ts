// Capability detection when several processes start at once: K clients (each
// its own connection pool, as the API and its workers have) detect the
// server's capabilities at the same instant, R rounds, once with timed probes
// taking turns (as shipped) and once side by side (as before). Prints how
// often each timed capability said yes and how long detection took, so a
// probe that another process's experiment fools shows up as a yes that the
// same probe run alone never gives.
import { parseArgs } from 'node:util'
import { MongoClient } from 'mongodb'
import { startDevDatabase } from '@hookline/dev-db'
import { capabilityProbes, detectServerCapabilities, type CapabilityProbe } from '@hookline/store'
import { median, printTable, round } from '@hookline/bench-report'
import { writeResult } from './lib/report.ts'

const { values } = parseArgs({ options: { processes: { type: 'string', default: '3' }, rounds: { type: 'string', default: '16' } } })
const processes = Number(values.processes)
const rounds = Number(values.rounds)

const timedProbes = capabilityProbes.filter((probe) => probe.timed)
// How often each timed probe really ran: with turns, one whose turn never came answers no without running.
const ran = new Map<string, number>()
const counted = (probe: CapabilityProbe, timed: boolean): CapabilityProbe => ({
  ...probe,
  timed,
  run(scratch) {
    ran.set(probe.capability, (ran.get(probe.capability) ?? 0) + 1)
    return probe.run(scratch)
  },
})
const withTurns: CapabilityProbe[] = capabilityProbes.map((probe) => (probe.timed ? counted(probe, true) : probe))
const sideBySide: CapabilityProbe[] = capabilityProbes.map((probe) => (probe.timed ? counted(probe, false) : probe))

const database = await startDevDatabase()
const clients = await Promise.all(Array.from({ length: processes }, () => new MongoClient(database.uri).connect()))
try {
  const rows = []
  // Alternating, so a drift of the machine's load falls on both ways alike.
  const emptyTally = () => ({ yes: new Map<string, number>(), ran: new Map<string, number>(), ms: [] as number[] })
  const tallies = { turns: emptyTally(), 'side by side': emptyTally() }
  const ways = [['turns', withTurns], ['side by side', sideBySide]] as const
  for (let round_ = 0; round_ < rounds; round_++) {
    // Either way first in turn, so neither always runs on a server the other has just left.
    for (const [way, probes] of round_ % 2 === 0 ? ways : [...ways].reverse()) {
      ran.clear()
      const started = performance.now()
      const profiles = await Promise.all(clients.map((client) => detectServerCapabilities(client.db('bench_probe_race'), client, probes)))
      tallies[way].ms.push(performance.now() - started)
      for (const probe of timedProbes) {
        const said = profiles.filter((profile) => profile[probe.capability]).length
        tallies[way].yes.set(probe.capability, (tallies[way].yes.get(probe.capability) ?? 0) + said)
        tallies[way].ran.set(probe.capability, (tallies[way].ran.get(probe.capability) ?? 0) + (ran.get(probe.capability) ?? 0))
      }
    }
  }
  for (const [way, tally] of Object.entries(tallies)) {
    for (const probe of timedProbes) {
      const detections = processes * rounds
      rows.push({
        way,
        capability: probe.capability,
        'said yes': `${tally.yes.get(probe.capability) ?? 0} of ${detections}`,
        // A detection whose turn never came said no without measuring.
        'no turn': detections - (tally.ran.get(probe.capability) ?? 0),
        'detection p50 ms': round(median(tally.ms), 0),
      })
    }
  }
  printTable(`Capability detection, ${processes} processes at once, ${rounds} rounds (${database.engine})`, rows)
  console.log(`Wrote ${await writeResult('probe-race', { processes, rounds, engine: database.engine, rows })}`)
} finally {
  await Promise.all(clients.map((client) => client.close()))
  await database.stop()
}
