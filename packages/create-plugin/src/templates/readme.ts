import type { PluginNames } from '../names.ts'

export function readmeMd(names: PluginNames): string {
  const list = names.events.map((event) => `- \`${event.type}\` (${event.portalEventId})`).join('\n')
  return `# ${names.packageName}

A [Hookline](https://github.com/hookline/hookline) event category, \`${names.categoryId}\`:

${list}

## Develop

\`\`\`sh
npm install      # @hookline/core (peer and dev dependency), TypeScript, Vitest
npm test         # the category loads, examples validate, a wrong payload fails to compile
npm run build    # dist/ with .js and .d.ts
npm pack         # ${names.packageName.replace(/^@/, '').replace('/', '-')}-0.1.0.tgz, what npm publish would upload
\`\`\`

Edit \`src/payloads.ts\` (types), \`src/schemas.ts\` (JSON Schemas) and
\`src/examples.ts\` (one publish body per event) together; the tests catch a
drift between them. A new optional field or event is a minor release; a new
required field, a removed field or a renamed type key is a major one.

## Load it into Hookline

Hookline reads \`HOOKLINE_PLUGINS\`, a comma-separated list of npm package
names (resolved from the directory Hookline starts in) or absolute paths to
plugin folders with a built \`dist/\`. Set it for the API (and the start
command, which passes it on):

\`\`\`sh
# once published: npm install ${names.packageName} where Hookline runs, then
HOOKLINE_PLUGINS=${names.packageName} npx pnpm start
# before publishing: the absolute path of this folder, after npm run build
HOOKLINE_PLUGINS=/absolute/path/to/this/folder npx pnpm start
\`\`\`

A plugin whose category or type keys are already taken, or whose schema or
example is invalid, stops Hookline at startup with one line naming the plugin,
the item and the reason. Once loaded, \`GET /api/v1/event-types\` and the
dashboard's event picker list \`${names.categoryId}\`, and applications can
subscribe to it.

## Install

- From npm, once published: \`npm install ${names.packageName}\`.
- From a tarball before that: \`npm install ./${names.packageName.replace(/^@/, '').replace('/', '-')}-0.1.0.tgz\`.
`
}
