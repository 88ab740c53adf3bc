import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DevDatabaseError } from '../errors.ts'

/** One change to a vendored source file before it is built, with the reason. */
interface SourcePatch {
  readonly file: string
  readonly before: string
  readonly after: string
  readonly why: string
}

const alternateMethodForOrderedIndexesOnly: SourcePatch = {
  file: join('pg_documentdb', 'src', 'commands', 'create_indexes.c'),
  before: '\t\tif ((IsUniqueIndex(indexDef) && indexAm->is_unique_index_supported) ||',
  after: [
    '\t\t/* Patched by Hookline tooling/dev-db: only indexes of composite terms (enableOrderedIndex) use the alternate method. */',
    '\t\tif (!IsCompositePathIndex(indexDef))',
    '\t\t{',
    '\t\t\treturn GetBsonIndexAmByIndexAmName("rum");',
    '\t\t}',
    '',
    '\t\tif ((IsUniqueIndex(indexDef) && indexAm->is_unique_index_supported) ||',
  ].join('\n'),
  why:
    'with alternate_index_handler_name set, DocumentDB 0.106 also gives the alternate (extended RUM) method every ' +
    'regular index, since it counts any of them as single-path: a unique one then fails to build (the method has no ' +
    'unique operator class) and a plain compound one fails a find with both $gte and $lt on a key ("operator … is ' +
    'not a member of opfamily …"). Only ordered indexes need that method, for their sort.',
}

/** The patches DocumentDB 0.106.0 needs for the settings we run it with (settings.ts). */
export const documentDbPatches: readonly SourcePatch[] = [alternateMethodForOrderedIndexesOnly]

/** Applies each patch exactly once to the unpacked tree at `root`; a text not found fails the build. */
export async function applySourcePatches(root: string, patches: readonly SourcePatch[]): Promise<void> {
  for (const patch of patches) {
    const path = join(root, patch.file)
    const text = await readFile(path, 'utf8')
    const at = text.indexOf(patch.before)
    if (at === -1 || text.indexOf(patch.before, at + 1) !== -1) {
      throw new DevDatabaseError(`cannot patch ${patch.file} (${patch.why}): the text to replace is not found exactly once`)
    }
    await writeFile(path, text.slice(0, at) + patch.after + text.slice(at + patch.before.length))
  }
}
