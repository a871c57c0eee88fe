import { afterEach, describe, expect, it, vi } from 'vitest'
import { copyImage } from './image-files'

afterEach(() => vi.unstubAllGlobals())

describe('copyImage', () => {
  it('puts the PNG’s own bytes on the clipboard without fetching the data URL (the CSP refuses that)', async () => {
    const written: Record<string, Blob>[] = []
    vi.stubGlobal('ClipboardItem', class {
      constructor(readonly items: Record<string, Blob>) {}
    })
    vi.stubGlobal('navigator', { clipboard: { write: async (items: { items: Record<string, Blob> }[]) => void written.push(...items.map((item) => item.items)) } })
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')))
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])

    await copyImage(`data:image/png;base64,${png.toString('base64')}`)

    expect(Object.keys(written[0]!)).toEqual(['image/png'])
    expect(Buffer.from(await written[0]!['image/png']!.arrayBuffer())).toEqual(png)
    await expect(copyImage('data:text/html;base64,PHA+')).rejects.toThrow('the image is not a PNG')
  })
})
