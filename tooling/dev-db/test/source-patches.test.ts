// The build's edits to DocumentDB's sources: each applies to the vendored
// release exactly once, and a release that no longer has the text stops the
// build with the reason instead of building something else.
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { applySourcePatches, documentDbPatches } from '../src/documentdb/source-patches.ts'
import { verifiedArchive } from '../src/documentdb/sources.ts'
import { documentDbSource } from '../src/documentdb/versions.ts'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
})

async function treeWith(file: string, text: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'hookline-patch-'))
  dirs.push(root)
  await mkdir(dirname(join(root, file)), { recursive: true })
  await writeFile(join(root, file), text)
  return root
}

describe('DocumentDB source patches', () => {
  const [patch] = documentDbPatches
  const file = join('pg_documentdb', 'src', 'commands', 'create_indexes.c')

  it('sends only ordered (composite-term) indexes to the alternate access method, once', async () => {
    const original = ['static x', '\t\tif ((IsUniqueIndex(indexDef) && indexAm->is_unique_index_supported) ||', '\t\t\t(IsWildCardIndex(indexDef)', ''].join('\n')
    const root = await treeWith(file, original)
    await applySourcePatches(root, documentDbPatches)
    const patched = await readFile(join(root, file), 'utf8')
    expect(patched).toContain('if (!IsCompositePathIndex(indexDef))')
    expect(patched.indexOf('IsCompositePathIndex(indexDef))')).toBeLessThan(patched.indexOf('IsUniqueIndex(indexDef) && indexAm->is_unique_index_supported'))
    expect(patched.split('IsUniqueIndex(indexDef) && indexAm->is_unique_index_supported').length).toBe(2)
    expect(patch?.why).toMatch(/unique/)
  })

  it('fails the build, naming the file and the reason, when the text is not there', async () => {
    const root = await treeWith(file, 'nothing to patch\n')
    await expect(applySourcePatches(root, documentDbPatches)).rejects.toThrow(/create_indexes\.c.*alternate/s)
  })

  it('matches the vendored DocumentDB release (../shared/vendor or HOOKLINE_DOCUMENTDB_SOURCES)', async () => {
    const archive = await verifiedArchive(documentDbSource)
    const release = documentDbSource.file.replace(/\.tar\.gz$/, '')
    const text = execFileSync('tar', ['-xzOf', archive, `${release}/${file}`], { maxBuffer: 64 * 1024 * 1024 }).toString()
    expect(text.split(patch!.before).length).toBe(2)
  })
})
