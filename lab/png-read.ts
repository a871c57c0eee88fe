import { inflateSync } from 'node:zlib'
import { crc32, pngSignature } from './png'

/**
 * A strict PNG reader for the emulators' tests: it checks what a decoder would and throws on the
 * first fault, so an image the tests accept is one any viewer opens. 8-bit RGB only, as the
 * emulators write.
 */

export interface ReadPng {
  readonly width: number
  readonly height: number
  /** Chunk types in file order. */
  readonly chunks: readonly string[]
  /** tEXt and iTXt chunks by keyword. */
  readonly text: Readonly<Record<string, string>>
  /** width × height × 3 bytes, unfiltered. */
  readonly rgb: Buffer
}

export function readPng(bytes: Uint8Array): ReadPng {
  const file = Buffer.from(bytes)
  if (!file.subarray(0, 8).equals(pngSignature)) throw new Error('not a PNG: bad signature')
  const chunks: string[] = []
  const text: Record<string, string> = {}
  const data: Buffer[] = []
  let header: Buffer | undefined
  let at = 8
  while (at < file.length) {
    if (at + 12 > file.length) throw new Error(`truncated chunk at byte ${at}`)
    const length = file.readUInt32BE(at)
    const type = file.toString('latin1', at + 4, at + 8)
    const end = at + 8 + length
    if (end + 4 > file.length) throw new Error(`chunk ${type} runs past the end of the file`)
    const body = file.subarray(at + 8, end)
    if (crc32(file.subarray(at + 4, end)) !== file.readUInt32BE(end)) throw new Error(`chunk ${type}: bad CRC`)
    chunks.push(type)
    if (type === 'IHDR') header = body
    else if (type === 'IDAT') data.push(body)
    else if (type === 'tEXt' || type === 'iTXt') Object.assign(text, textOf(type, body))
    at = end + 4
  }
  if (chunks[0] !== 'IHDR' || !header) throw new Error('the first chunk is not IHDR')
  if (chunks.at(-1) !== 'IEND') throw new Error('the last chunk is not IEND')
  const width = header.readUInt32BE(0)
  const height = header.readUInt32BE(4)
  const [bitDepth, colourType, , , interlace] = header.subarray(8)
  if (bitDepth !== 8 || colourType !== 2 || interlace !== 0) throw new Error(`unsupported PNG: depth ${bitDepth}, colour type ${colourType}, interlace ${interlace}`)
  return { width, height, chunks, text, rgb: unfilter(inflateSync(Buffer.concat(data)), width, height) }
}

function textOf(type: string, body: Buffer): Record<string, string> {
  const nul = body.indexOf(0)
  const keyword = body.toString('latin1', 0, nul)
  if (type === 'tEXt') return { [keyword]: body.toString('latin1', nul + 1) }
  if (body[nul + 1] !== 0) throw new Error(`iTXt ${keyword}: compressed text is not expected`)
  const language = body.indexOf(0, nul + 3)
  const translated = body.indexOf(0, language + 1)
  return { [keyword]: body.toString('utf8', translated + 1) }
}

function unfilter(filtered: Buffer, width: number, height: number): Buffer {
  const stride = width * 3
  if (filtered.length !== height * (stride + 1)) throw new Error(`image data holds ${filtered.length} bytes, ${width}×${height} RGB needs ${height * (stride + 1)}`)
  const out = Buffer.alloc(height * stride)
  for (let y = 0; y < height; y++) {
    const filter = filtered[y * (stride + 1)]
    for (let x = 0; x < stride; x++) {
      const raw = filtered[y * (stride + 1) + 1 + x] ?? 0
      const left = x >= 3 ? (out[y * stride + x - 3] ?? 0) : 0
      const up = y > 0 ? (out[(y - 1) * stride + x] ?? 0) : 0
      const upLeft = x >= 3 && y > 0 ? (out[(y - 1) * stride + x - 3] ?? 0) : 0
      out[y * stride + x] = (raw + predictor(filter, left, up, upLeft)) & 0xff
    }
  }
  return out
}

function predictor(filter: number | undefined, left: number, up: number, upLeft: number): number {
  switch (filter) {
    case 0:
      return 0
    case 1:
      return left
    case 2:
      return up
    case 3:
      return Math.floor((left + up) / 2)
    case 4: {
      const estimate = left + up - upLeft
      const [toLeft, toUp, toUpLeft] = [Math.abs(estimate - left), Math.abs(estimate - up), Math.abs(estimate - upLeft)]
      return toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft
    }
    default:
      throw new Error(`unknown row filter ${filter}`)
  }
}
