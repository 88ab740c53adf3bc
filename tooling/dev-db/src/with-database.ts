#!/usr/bin/env -S node --import tsx
// Runs a command with the local database: `hookline-with-dev-db <command…>`
// starts it (unless MONGODB_URI is set), runs the command with MONGODB_URI
// pointing at it, and stops it when the command ends. Development scripts use
// it so that production code never starts a database itself.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { startDevDatabase } from './index.ts'

const [command, ...args] = process.argv.slice(2)
if (!command) {
  console.error('Usage: hookline-with-dev-db <command> [arguments…]')
  process.exit(2)
}
const database = process.env.MONGODB_URI ? undefined : await startDevDatabase({ dataDir: process.env.HOOKLINE_DATA_DIR ?? join(process.cwd(), '.data') })
if (database) console.log(`Local database (${database.kind}) at ${database.uri}`)
const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, MONGODB_URI: process.env.MONGODB_URI ?? database!.uri } })
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => child.kill(signal))
child.once('exit', (code) => {
  void (database?.stop() ?? Promise.resolve()).then(() => process.exit(code ?? 1))
})
