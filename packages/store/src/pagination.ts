import type { Filter } from 'mongodb'
import { StoreError } from './errors.ts'

/** A page of a newest-first list; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export interface PageRequest {
  limit: number
  cursor?: string | undefined
}

export interface CursorPosition {
  createdAt: Date
  id: string
}

/** Cursors are opaque to clients: the last item's creation time and id. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt.getTime(), position.id])).toString('base64url')
}

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(value) && value.length === 2 && Number.isSafeInteger(value[0]) && typeof value[1] === 'string') {
      return { createdAt: new Date(value[0] as number), id: value[1] }
    }
  } catch (error) {
    throw new StoreError('invalid-cursor', 'The cursor is not one this API returned', { cause: error })
  }
  throw new StoreError('invalid-cursor', 'The cursor is not one this API returned')
}

/** Documents after the cursor in (createdAt desc, _id desc) order. */
export function afterCursor<T extends { createdAt: Date; _id: string }>(cursor: string | undefined): Filter<T> {
  if (!cursor) return {}
  const { createdAt, id } = decodeCursor(cursor)
  return { $or: [{ createdAt: { $lt: createdAt } }, { createdAt, _id: { $lt: id } }] } as Filter<T>
}

export const newestFirst = { createdAt: -1, _id: -1 } as const

/** Fetches limit + 1 to know whether another page exists. */
export function toPage<T extends { createdAt: Date; _id: string }>(documents: T[], limit: number): Page<T> {
  const items = documents.slice(0, limit)
  const last = items.at(-1)
  return {
    items,
    nextCursor: documents.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last._id }) : null,
  }
}

/** Escapes user text for a case-insensitive substring `$regex`. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
