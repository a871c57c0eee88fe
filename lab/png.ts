import { deflateSync } from 'node:zlib'

/**
 * A small PNG encoder for the image-generation emulators: 8-bit RGB, one IDAT, text chunks
 * written as Pillow's PngInfo.add_text writes them (tEXt when the text is Latin-1, else iTXt),
 * before the image data as Pillow places them.
 */

export interface RgbImage {
  readonly width: number
  readonly height: number
  /** width × height × 3 bytes, rows top to bottom. */
  readonly rgb: Uint8Array
}

/** Keyword and text of each text chunk, in order. */
export type PngText = readonly (readonly [keyword: string, text: string])[]

export interface PngOptions {
  readonly text?: PngText
  /** zlib level: Pillow saves at 6 unless told; ComfyUI's SaveImage passes 4. */
  readonly level?: number
}

export const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

const crcTable = Uint32Array.from({ length: 256 }, (_, index) => {
  let crc = index
  for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1
  return crc >>> 0
})

/** CRC-32 (ISO 3309, as PNG uses it) of `bytes`, continuing from `previous` for chunked input. */
export function crc32(bytes: Uint8Array, previous = 0): number {
  let crc = (previous ^ 0xffffffff) >>> 0
  for (const byte of bytes) crc = (crcTable[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

export function encodePng(image: RgbImage, options: PngOptions = {}): Buffer {
  const { width, height, rgb } = image
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`a PNG needs a positive whole size, got ${width}×${height}`)
  }
  if (rgb.length !== width * height * 3) throw new Error(`${width}×${height} RGB needs ${width * height * 3} bytes, got ${rgb.length}`)
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8) // 8 bits per sample, truecolour, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    pngSignature,
    chunk('IHDR', header),
    ...(options.text ?? []).map(([keyword, text]) => textChunk(keyword, text)),
    chunk('IDAT', deflateSync(filteredRows(image), { level: options.level ?? 6 })),
    chunk('IEND', Buffer.alloc(0))
  ])
}

/** Every row with filter type 1 (Sub): gradients shrink well under it and it stays cheap. */
function filteredRows({ width, height, rgb }: RgbImage): Buffer {
  const stride = width * 3
  const out = Buffer.alloc(height * (stride + 1))
  for (let y = 0; y < height; y++) {
    const row = y * stride
    const at = y * (stride + 1)
    out[at] = 1
    for (let x = 0; x < stride; x++) {
      const left = x >= 3 ? (rgb[row + x - 3] ?? 0) : 0
      out[at + 1 + x] = ((rgb[row + x] ?? 0) - left) & 0xff
    }
  }
  return out
}

function textChunk(keyword: string, text: string): Buffer {
  const key = Buffer.from(keyword, 'latin1')
  if (isLatin1(text)) return chunk('tEXt', Buffer.concat([key, Buffer.from([0]), Buffer.from(text, 'latin1')]))
  // Keyword, NUL, uncompressed flag and method, empty language tag and translated keyword, UTF-8 text.
  return chunk('iTXt', Buffer.concat([key, Buffer.from([0, 0, 0, 0, 0]), Buffer.from(text, 'utf8')]))
}

function isLatin1(text: string): boolean {
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) > 0xff) return false
  return true
}

function chunk(type: string, data: Buffer): Buffer {
  const typeBytes = Buffer.from(type, 'latin1')
  const out = Buffer.alloc(12 + data.length)
  out.writeUInt32BE(data.length, 0)
  out.set(typeBytes, 4)
  out.set(data, 8)
  out.writeUInt32BE(crc32(data, crc32(typeBytes)), 8 + data.length)
  return out
}
