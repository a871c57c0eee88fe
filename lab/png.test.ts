import { describe, expect, it } from 'vitest'
import { picturePng, renderPicture } from './imagegen-picture'
import { crc32, encodePng } from './png'
import { readPng } from './png-read'

describe('the PNG encoder', () => {
  it('computes PNG’s CRC-32, also in pieces', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926)
    expect(crc32(Buffer.from('IEND'))).toBe(0xae426082)
    expect(crc32(Buffer.from('56789'), crc32(Buffer.from('1234')))).toBe(0xcbf43926)
  })

  it('writes a file a strict reader accepts, pixel for pixel', () => {
    const width = 5
    const height = 3
    const rgb = Uint8Array.from({ length: width * height * 3 }, (_, index) => (index * 37) % 256)
    const bytes = encodePng({ width, height, rgb })
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]))
    // IHDR comes first: 13 bytes, 8-bit truecolour, no interlace.
    expect(bytes.readUInt32BE(8)).toBe(13)
    expect(bytes.toString('latin1', 12, 16)).toBe('IHDR')
    expect([...bytes.subarray(24, 29)]).toEqual([8, 2, 0, 0, 0])
    const png = readPng(bytes)
    expect([png.width, png.height, png.chunks]).toEqual([5, 3, ['IHDR', 'IDAT', 'IEND']])
    expect(png.rgb.equals(Buffer.from(rgb))).toBe(true)
  })

  it('writes text as Pillow does: tEXt for Latin-1, iTXt for the rest, before the image data', () => {
    const bytes = encodePng(renderPicture({ prompt: 'x', seed: 1 }, { width: 8, height: 8 }), {
      text: [
        ['parameters', 'a café\nSteps: 20'],
        ['prompt', '{"text": "猫"}']
      ]
    })
    const png = readPng(bytes)
    expect(png.chunks).toEqual(['IHDR', 'tEXt', 'iTXt', 'IDAT', 'IEND'])
    expect(png.text).toEqual({ parameters: 'a café\nSteps: 20', prompt: '{"text": "猫"}' })
  })

  it('is caught by the reader when a byte is damaged', () => {
    const bytes = encodePng(renderPicture({ prompt: 'x', seed: 1 }, { width: 8, height: 8 }))
    bytes[40] = (bytes[40] ?? 0) ^ 0xff
    expect(() => readPng(bytes)).toThrow(/bad CRC/)
  })

  it('refuses pixels that do not fill the size', () => {
    expect(() => encodePng({ width: 2, height: 2, rgb: new Uint8Array(11) })).toThrow(/needs 12 bytes/)
  })
})

describe('the emulators’ pictures', () => {
  const size = { width: 64, height: 48 }

  it('depend only on the prompt and the seed', () => {
    const picture = picturePng({ prompt: 'a lighthouse at dusk', seed: 42 }, size)
    expect(picturePng({ prompt: 'a lighthouse at dusk', seed: 42 }, size).equals(picture)).toBe(true)
    expect(picturePng({ prompt: 'a lighthouse at dusk', seed: 43 }, size).equals(picture)).toBe(false)
    expect(picturePng({ prompt: 'a lighthouse at noon', seed: 42 }, size).equals(picture)).toBe(false)
    expect([readPng(picture).width, readPng(picture).height]).toEqual([64, 48])
  })

  it('are still noisy part way and clean at the end', () => {
    const spec = { prompt: 'a lighthouse at dusk', seed: '18446744073709551615' }
    const done = renderPicture(spec, size)
    const half = renderPicture(spec, size, 0.5)
    const difference = (a: Uint8Array, b: Uint8Array) => a.reduce((sum, value, index) => sum + Math.abs(value - (b[index] ?? 0)), 0)
    expect(difference(half.rgb, done.rgb)).toBeGreaterThan(0)
    expect(difference(renderPicture(spec, size, 0.9).rgb, done.rgb)).toBeLessThan(difference(half.rgb, done.rgb))
  })
})
