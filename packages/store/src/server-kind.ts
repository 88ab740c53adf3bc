import type { Db } from 'mongodb'

/** What `buildInfo` says the server is. FerretDB 1.x reports `ferretdbVersion`, FerretDB 2.x `ferretdb.version`. */
export type ServerKind = { ferretDb: false } | { ferretDb: true; version: string; major: number }

/**
 * Asked once per handle; a failed probe (database down) is asked again on
 * the next call. Only for choices no experiment can make: what a server can
 * do is learned by the probes in engine-probes.ts.
 */
export function serverKind(db: Db): Promise<ServerKind> {
  let answer = answers.get(db)
  if (!answer) {
    answer = db
      .admin()
      .command({ buildInfo: 1 })
      .then((info): ServerKind => {
        const version = (info.ferretdb as { version?: string } | undefined)?.version ?? (info.ferretdbVersion as string | undefined)
        if (typeof version !== 'string') return { ferretDb: false }
        return { ferretDb: true, version, major: Number(/^v?(\d+)/.exec(version)?.[1] ?? 1) }
      })
    answer.catch(() => answers.delete(db))
    answers.set(db, answer)
  }
  return answer
}

/** Whether the server is FerretDB, any version. */
export async function isFerretDb(db: Db): Promise<boolean> {
  return (await serverKind(db)).ferretDb
}

/**
 * FerretDB 1.x on SQLite, whose backend needs the workarounds in
 * `bulk-update-policy.ts` and `find-by-ids.ts` (it evaluates every filter but
 * an exact `_id` in Go, and holds a connection per statement). FerretDB 2 on
 * DocumentDB plans such filters in PostgreSQL with indexes and needs neither.
 */
export async function isFerretDbOnSqlite(db: Db): Promise<boolean> {
  const kind = await serverKind(db)
  return kind.ferretDb && kind.major < 2
}

const answers = new WeakMap<Db, Promise<ServerKind>>()
