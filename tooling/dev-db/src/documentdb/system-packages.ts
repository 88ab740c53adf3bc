import { spawn, spawnSync } from 'node:child_process'
import { DevDatabaseError } from '../errors.ts'
import { postgresMajor } from './versions.ts'

/**
 * Debian packages the DocumentDB engine needs: PostgreSQL and the extensions
 * DocumentDB requires at run time (PostGIS, RUM), and the headers and
 * libraries it is compiled against. Not `postgresql-15-cron`: its 1.4.2
 * cannot schedule in seconds, so pg_cron is built from source.
 */
export const debianPackages = [
  `postgresql-${postgresMajor}`,
  `postgresql-server-dev-${postgresMajor}`,
  `postgresql-${postgresMajor}-postgis-3`,
  `postgresql-${postgresMajor}-rum`,
  'libbson-dev',
  'libpcre2-dev',
  'libintelrdfpmath-dev',
  'libkrb5-dev', // PostgreSQL's libpq-be.h includes gssapi/gssapi.h
  'systemtap-sdt-dev', // DocumentDB's extended RUM index includes sys/sdt.h
  'build-essential',
  'pkg-config',
]

export function isDebian(): boolean {
  return spawnSync('dpkg-query', ['--version'], { stdio: 'ignore' }).status === 0
}

export function missingDebianPackages(): string[] {
  return debianPackages.filter((name) => {
    const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' })
    return result.status !== 0 || !result.stdout.includes('install ok installed')
  })
}

export function installCommand(packages: string[]): string {
  return `sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`
}

/** As root: apt-get install, waiting for another apt run to release its lock. */
export async function installDebianPackages(packages: string[], log: (line: string) => void): Promise<void> {
  log(`Installing Debian packages for the DocumentDB engine: ${packages.join(' ')}`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const apt = (args: string[]) =>
    new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn('apt-get', ['-o', 'DPkg::Lock::Timeout=600', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
      let output = ''
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
      child.on('error', (cause) => reject(new DevDatabaseError('could not run apt-get', { cause })))
      child.on('exit', (code) => resolve({ code, output }))
    })
  const install = ['install', '-y', '-qq', '--no-install-recommends', ...packages]
  let result = await apt(install)
  if (result.code !== 0) {
    // A fresh machine may have empty package lists.
    await apt(['update', '-qq'])
    result = await apt(install)
  }
  if (result.code !== 0) {
    throw new DevDatabaseError(`apt-get install failed (exit ${result.code}):\n${result.output.slice(-4000)}`)
  }
  log('Debian packages installed.')
}
