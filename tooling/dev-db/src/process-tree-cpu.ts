import { readdir, readFile } from 'node:fs/promises'

// USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)); /proc/<pid>/stat counts in it.
const clockTicksPerSecond = 100

interface ProcessTimes {
  pid: number
  parent: number
  /** utime + stime + cutime + cstime, in clock ticks. */
  ticks: number
}

/**
 * The fields of /proc/<pid>/stat after the command name, which may itself
 * hold spaces and parentheses: counted from its last closing parenthesis.
 */
function parseStat(pid: number, stat: string): ProcessTimes {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // fields[1] is the parent pid (field 4 of stat); [11]–[14] are utime, stime, cutime, cstime (fields 14–17).
  const ticks = [11, 12, 13, 14].reduce((total, index) => total + Number(fields[index]), 0)
  return { pid, parent: Number(fields[1]), ticks }
}

async function readTimes(pid: number): Promise<ProcessTimes | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined)
  return stat === undefined ? undefined : parseStat(pid, stat)
}

/**
 * CPU seconds of one process and the children it has waited for: what
 * `/proc/<pid>/stat` alone says. Undefined when the process is gone.
 */
export async function ownCpuSeconds(pid: number): Promise<number | undefined> {
  const times = await readTimes(pid)
  return times === undefined ? undefined : times.ticks / clockTicksPerSecond
}

/**
 * CPU seconds used by a process and every process under it, alive or gone.
 *
 * A process's own stat counts the children it has waited for (cutime,
 * cstime) but not those still running. FerretDB 2 runs PostgreSQL as its
 * child, and PostgreSQL serves each connection from a backend process that
 * lives as long as the connection: the root's figure alone leaves out nearly
 * all the database's work. Summing every live descendant's own and reaped
 * children's times counts each tick once, since a child's time moves to
 * its parent's cutime only when it ends and is waited for.
 *
 * Undefined when the root is gone or /proc cannot be read (not Linux).
 */
export async function processTreeCpuSeconds(rootPid: number): Promise<number | undefined> {
  const root = await readTimes(rootPid)
  if (!root) return undefined
  const names = await readdir('/proc').catch(() => [] as string[])
  const all = await Promise.all(names.filter((name) => /^\d+$/.test(name) && Number(name) !== rootPid).map((name) => readTimes(Number(name))))
  const children = new Map<number, ProcessTimes[]>()
  for (const times of all) {
    if (!times) continue
    const siblings = children.get(times.parent)
    if (siblings) siblings.push(times)
    else children.set(times.parent, [times])
  }
  let ticks = 0
  const pending = [root]
  while (pending.length > 0) {
    const next = pending.pop()!
    ticks += next.ticks
    pending.push(...(children.get(next.pid) ?? []))
  }
  return ticks / clockTicksPerSecond
}
