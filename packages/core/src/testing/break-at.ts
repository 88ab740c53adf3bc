// A helper for category authors’ tests: make a broken copy of an example.
/** Marks a field to remove instead of replace. */
export const removeField = Symbol('remove field')

/**
 * A deep copy of `value` with the field at a JSON Pointer replaced (or
 * removed): a "broken copy" whose only failing path is that pointer.
 */
export function breakAt<T>(value: T, pointer: string, replacement: unknown): T {
  const copy = structuredClone(value)
  const tokens = pointer.split('/').slice(1).map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'))
  const last = tokens.pop()
  if (last === undefined) throw new Error('breakAt needs a pointer below the root')
  let parent: unknown = copy
  for (const token of tokens) parent = (parent as Record<string, unknown>)[token]
  if (typeof parent !== 'object' || parent === null) throw new Error(`nothing at ${pointer}`)
  const container = parent as Record<string, unknown>
  if (!(last in container) && replacement === removeField) throw new Error(`nothing to remove at ${pointer}`)
  if (replacement === removeField) delete container[last]
  else container[last] = replacement
  return copy
}
