import { type Readable, Transform, type TransformCallback, pipeline } from 'node:stream'
import zlib from 'node:zlib'

// What undici's fetch does with a response's Content-Encoding, repeated for
// the direct requests (`direct-request.ts`) so their bodies read the same:
// codings undone last first, at most five, none at all when one is unknown.
const maxContentEncodings = 5

// Lenient, as undici (and cURL): servers that end a compressed body slightly wrong still read.
const zlibOptions = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH }
const brotliOptions = { flush: zlib.constants.BROTLI_OPERATION_FLUSH, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH }

// zstd exists from Node 22.15 on; where it does not, undici leaves such a body as it came.
const zstd = (zlib as unknown as { createZstdDecompress?: (options: object) => Transform }).createZstdDecompress
const zstdConstants = zlib.constants as unknown as Record<string, number>

/** The body as fetch would hand it over: decoded, or as sent. Throws for more than five codings, as fetch refuses them. */
export function decodeContent(body: Readable, contentEncoding: string | undefined): Readable {
  const codings = contentEncoding ? contentEncoding.toLowerCase().split(',') : []
  if (codings.length > maxContentEncodings) {
    throw new Error(`too many content-encodings in response: ${codings.length}, maximum allowed is ${maxContentEncodings}`)
  }
  const decoders: Transform[] = []
  for (let index = codings.length - 1; index >= 0; index--) {
    const coding = codings[index]!.trim()
    if (coding === 'x-gzip' || coding === 'gzip') decoders.push(zlib.createGunzip(zlibOptions))
    else if (coding === 'deflate') decoders.push(new InflateEitherWay())
    else if (coding === 'br') decoders.push(zlib.createBrotliDecompress(brotliOptions))
    else if (coding === 'zstd' && zstd) decoders.push(zstd({ flush: zstdConstants.ZSTD_e_continue, finishFlush: zstdConstants.ZSTD_e_end }))
    else return body
  }
  if (decoders.length === 0) return body
  // The pipeline destroys every stage on an error; the last one carries it to the reader.
  return pipeline([body, ...decoders], () => {}) as unknown as Readable
}

/**
 * `deflate` as servers send it: zlib-wrapped (RFC 1950) or raw (RFC 1951),
 * told apart by the first byte, as undici does.
 */
class InflateEitherWay extends Transform {
  private inflate: Transform | undefined

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.inflate) {
      if (chunk.length === 0) return callback()
      this.inflate = (chunk[0]! & 0x0f) === 0x08 ? zlib.createInflate(zlibOptions) : zlib.createInflateRaw(zlibOptions)
      this.inflate.on('data', (data: Buffer) => this.push(data))
      this.inflate.on('end', () => this.push(null))
      this.inflate.on('error', (error: Error) => this.destroy(error))
    }
    this.inflate.write(chunk, callback)
  }

  override _final(callback: TransformCallback): void {
    if (this.inflate) this.inflate.end()
    else this.push(null)
    callback()
  }
}
