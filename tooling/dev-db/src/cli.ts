#!/usr/bin/env -S node --import tsx
// Runs the local database in the foreground: `pnpm db` from the repo root.
import { join } from 'node:path'
import { startDevDatabase } from './index.ts'

const dataDir = process.argv[2] ?? join(process.cwd(), '.data')
const database = await startDevDatabase({ dataDir })
console.log(`Local database: ${database.engine} at ${database.uri} — ${database.reason}. Data in ${dataDir}. Ctrl-C stops it.`)
const stop = () => void database.stop().then(() => process.exit(0))
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
