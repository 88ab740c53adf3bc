#!/usr/bin/env node
// create-hookline-plugin <directory> --category <id> [--events a,b] [--name <package>]
import { readFile } from 'node:fs/promises'
import { relative } from 'node:path'
import { parseArguments, usage, UsageError } from './parse-arguments.ts'
import { scaffoldPlugin, ScaffoldError } from './scaffold.ts'

// Released in step with @hookline/core (one version for every @hookline package),
// so the generated project asks for the core of this release.
const ownManifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }

try {
  const request = parseArguments(process.argv.slice(2))
  if ('help' in request) {
    console.log(usage)
  } else {
    const { directory } = await scaffoldPlugin(request, { cwd: process.cwd(), coreVersion: ownManifest.version })
    const shown = relative(process.cwd(), directory) || '.'
    console.log(`Created ${request.packageName} (category "${request.categoryId}": ${request.events.join(', ')}) in ${directory}

Next:
  cd ${shown}
  npm install
  npm test
  npm run build
  HOOKLINE_PLUGINS=${directory} npx pnpm start   # in your Hookline checkout

See README.md in the project for publishing and loading.`)
  }
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${usage}`)
    process.exitCode = 2
  } else if (error instanceof ScaffoldError) {
    console.error(error.message)
    process.exitCode = 1
  } else {
    throw error
  }
}
