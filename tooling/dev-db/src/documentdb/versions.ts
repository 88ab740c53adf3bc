/**
 * What the DocumentDB engine is built from. FerretDB v2.5.0 expects exactly
 * this DocumentDB release; the archives are `git archive` of the release tags
 * (see ../shared/vendor/README.md), identified by their sha256.
 */
export interface SourceArchive {
  readonly name: string
  readonly version: string
  readonly file: string
  readonly sha256: string
}

export const documentDbSource: SourceArchive = {
  name: 'DocumentDB',
  version: '0.106.0',
  file: 'documentdb-0.106.0-ferretdb-2.5.0.tar.gz',
  sha256: '3ba0408eee7c3bc67933da50034092ee77e2aa79b61234c1216b0a1ffac21df1',
}

/** DocumentDB needs pg_cron ≥ 1.5 (schedules in seconds); Debian bookworm has 1.4.2. */
export const pgCronSource: SourceArchive = {
  name: 'pg_cron',
  version: '1.6.3',
  file: 'pg_cron-1.6.3.tar.gz',
  sha256: '3580f4034021e62e459f9f7ab1f625774bfc534a9256844545da85d6f99c2f5b',
}

/** Not packaged for PostgreSQL 15 in Debian bookworm. */
export const pgVectorSource: SourceArchive = {
  name: 'pgvector',
  version: '0.8.0',
  file: 'pgvector-0.8.0.tar.gz',
  sha256: '93df40ccdaaaa267d1275c1e6e773004a0e5ff8e14227934a4ec7e8205d0f608',
}

export const sourceArchives = [pgCronSource, pgVectorSource, documentDbSource] as const

/**
 * The version string FerretDB v2.5.0 compares with
 * `documentdb_api.binary_extended_version()`; the archive has no git metadata
 * to generate it from, so we write it (tag commit beb9d25d98).
 */
export const documentDbGitVersion = 'HEAD sha:beb9d25d98 buildId:0'

export const postgresMajor = 15

/** Bump when the build recipe changes so caches rebuild. */
export const recipeRevision = 2
