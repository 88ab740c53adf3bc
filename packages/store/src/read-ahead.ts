import type { AbstractCursor } from 'mongodb'

/**
 * A cursor's documents one batch at a time, each batch as the server sent
 * it, with the next batch already asked for while the caller works on this
 * one: iterated document by document, the driver asks for the next batch
 * only once the last one is used up, so the database and the caller take
 * turns instead of working at the same time. At most two batches are held
 * (the one handed out and the one arriving). Closes the cursor when done,
 * also when the caller stops early or a fetch fails.
 */
export async function* readAhead<T>(cursor: AbstractCursor<T>): AsyncGenerator<T[]> {
  // hasNext() fetches a batch when none is buffered and resolves once one is.
  let nextBatch: Promise<boolean> | undefined = cursor.hasNext()
  try {
    while (await nextBatch) {
      const batch = cursor.readBufferedDocuments()
      // The buffer is empty now, so this asks the server for the next batch at once.
      nextBatch = cursor.hasNext()
      // A fetch that fails while the caller holds the batch is reported by the await above; until then it must not count as unhandled.
      nextBatch.catch(() => {})
      yield batch
    }
    nextBatch = undefined
  } finally {
    // A caller that stops early leaves a fetch under way: let it settle before closing the cursor under it.
    if (nextBatch) await nextBatch.catch(() => false)
    await cursor.close()
  }
}
