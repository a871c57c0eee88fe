import { createHash } from 'node:crypto'
import { encodePng, type PngOptions, type RgbImage } from './png'

/**
 * The emulators' stand-in for a diffusion model: a picture that depends only on the prompt and
 * the seed (a gradient with rings, its colours and geometry drawn from a hash of both), drawn
 * at any size so a preview looks like a small copy of the final image. Part way through, the
 * picture is still mixed with the seed's noise, as a half-denoised latent looks.
 */

export interface PictureSpec {
  readonly prompt: string
  /** Decimal digits: seeds go beyond 2^53 (ComfyUI's reach 2^64 − 1). */
  readonly seed: string | number
}

export interface PictureSize {
  readonly width: number
  readonly height: number
}

interface Palette {
  readonly from: readonly [number, number, number]
  readonly to: readonly [number, number, number]
  readonly ring: readonly [number, number, number]
  readonly centreX: number
  readonly centreY: number
  readonly rings: number
  readonly angle: number
  readonly noiseSeed: number
}

function paletteOf(spec: PictureSpec): Palette {
  const hash = createHash('sha256').update(`${spec.prompt}\u0000${spec.seed}`).digest()
  const byte = (index: number) => hash[index] ?? 0
  return {
    from: [byte(0), byte(1), byte(2)],
    to: [byte(3), byte(4), byte(5)],
    ring: [byte(6), byte(7), byte(8)],
    centreX: 0.2 + (byte(9) / 255) * 0.6,
    centreY: 0.2 + (byte(10) / 255) * 0.6,
    rings: 2 + (byte(11) % 7),
    angle: (byte(12) / 255) * Math.PI,
    noiseSeed: hash.readUInt32BE(13)
  }
}

/** `progress` 1 is the finished picture; 0 is pure noise. */
export function renderPicture(spec: PictureSpec, size: PictureSize, progress = 1): RgbImage {
  const { width, height } = size
  const palette = paletteOf(spec)
  const rgb = new Uint8Array(width * height * 3)
  const cos = Math.cos(palette.angle)
  const sin = Math.sin(palette.angle)
  const clean = Math.min(1, Math.max(0, progress))
  let noise = palette.noiseSeed || 1
  for (let y = 0; y < height; y++) {
    const v = height > 1 ? y / (height - 1) : 0
    for (let x = 0; x < width; x++) {
      const u = width > 1 ? x / (width - 1) : 0
      const along = Math.min(1, Math.max(0, (u * cos + v * sin + 1) / 2.2))
      const distance = Math.hypot(u - palette.centreX, v - palette.centreY)
      const ring = 0.35 * (0.5 + 0.5 * Math.sin(distance * palette.rings * 2 * Math.PI))
      for (let channel = 0; channel < 3; channel++) {
        const base = (palette.from[channel] ?? 0) * (1 - along) + (palette.to[channel] ?? 0) * along
        const pixel = base * (1 - ring) + (palette.ring[channel] ?? 0) * ring
        // xorshift32: cheap, and the same noise for the same seed.
        noise ^= noise << 13
        noise ^= noise >>> 17
        noise ^= noise << 5
        rgb[(y * width + x) * 3 + channel] = Math.round(pixel * clean + ((noise >>> 0) % 256) * (1 - clean))
      }
    }
  }
  return { width, height, rgb }
}

/** A picture drawn small and enlarged pixel by pixel, as a latent-sized preview scaled up for display. */
export function renderBlocky(spec: PictureSpec, small: PictureSize, size: PictureSize, progress: number): RgbImage {
  const source = renderPicture(spec, small, progress)
  const rgb = new Uint8Array(size.width * size.height * 3)
  for (let y = 0; y < size.height; y++) {
    const sourceRow = Math.min(small.height - 1, Math.floor((y * small.height) / size.height)) * small.width
    for (let x = 0; x < size.width; x++) {
      const from = (sourceRow + Math.min(small.width - 1, Math.floor((x * small.width) / size.width))) * 3
      rgb.set(source.rgb.subarray(from, from + 3), (y * size.width + x) * 3)
    }
  }
  return { width: size.width, height: size.height, rgb }
}

export function picturePng(spec: PictureSpec, size: PictureSize, options: PngOptions & { readonly progress?: number } = {}): Buffer {
  return encodePng(renderPicture(spec, size, options.progress), options)
}
