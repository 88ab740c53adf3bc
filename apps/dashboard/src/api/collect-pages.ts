import type { Page } from './types.ts'

/**
 * Follows `nextCursor` from the first page until the last, or until at least
 * `cap` items are in hand; `more` says whether pages were left unread.
 */
export async function collectPages<T>(listPage: (cursor: string | undefined) => Promise<Page<T>>, cap = Number.POSITIVE_INFINITY): Promise<{ items: T[]; more: boolean }> {
  const items: T[] = []
  let cursor: string | undefined
  do {
    const page = await listPage(cursor)
    items.push(...page.items)
    cursor = page.nextCursor ?? undefined
  } while (cursor && items.length < cap)
  return { items, more: cursor !== undefined }
}
