import type { Db } from 'mongodb'

/**
 * Whether this database handle talks to FerretDB (its `buildInfo` says so),
 * whose SQLite backend needs the workarounds in `bulk-update-policy.ts` and
 * `find-by-ids.ts`. Asked once per handle; a failed probe (database down) is
 * asked again on the next call.
 */
export function isFerretDb(db: Db): Promise<boolean> {
  let answer = answers.get(db)
  if (!answer) {
    answer = db
      .admin()
      .command({ buildInfo: 1 })
      .then((info) => 'ferretdbVersion' in info)
    answer.catch(() => answers.delete(db))
    answers.set(db, answer)
  }
  return answer
}

const answers = new WeakMap<Db, Promise<boolean>>()
