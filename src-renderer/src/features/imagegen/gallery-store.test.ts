import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { GalleryImage, GalleryQuery } from '../../../../src-shared/imagegen'
import { setApi } from '../../api/api'
import { RequestFailure } from '../../api/client'
import { fakeClient } from '../../testing/fake-client'
import { pageSize } from './gallery-filter'
import { useGalleryStore } from './gallery-store'
import { image } from './test-jobs'

const settle = () => vi.advanceTimersByTimeAsync(0)

/** A core's gallery of `count` images, newest (highest id) first, answering queries as the contract says. */
function gallery(count: number): GalleryImage[] {
  return Array.from({ length: count }, (_, index) => {
    const id = count - index
    return image({ id, jobId: id, prompt: id % 2 === 0 ? `a red fox ${id}` : `a blue whale ${id}`, model: id % 3 === 0 ? 'flux' : 'sdxl-base' })
  })
}

function answer(images: readonly GalleryImage[]) {
  return (query: GalleryQuery) =>
    images
      .filter((one) => query.before === undefined || one.id < query.before)
      .filter((one) => query.text === undefined || one.prompt.includes(query.text))
      .filter((one) => query.model === undefined || one.model === query.model)
      .filter((one) => query.workerId === undefined || one.workerId === query.workerId)
      .slice(0, query.limit)
}

beforeEach(() => {
  vi.useFakeTimers()
  useGalleryStore.setState({ filter: { text: '', workerId: '', model: '' }, images: [], loading: false, loaded: false, error: null, hasMore: false, pictures: {}, pictureErrors: {} })
})
afterEach(() => vi.useRealTimers())

describe('useGalleryStore', () => {
  it('pages through the gallery, older images after the oldest shown, until a page is not full', async () => {
    const fake = fakeClient({ 'imagegen.gallery': answer(gallery(pageSize + 5)) as never })
    setApi(fake.client)
    const stop = useGalleryStore.getState().start()
    await settle()
    expect(useGalleryStore.getState().images).toHaveLength(pageSize)
    expect(useGalleryStore.getState().hasMore).toBe(true)
    await useGalleryStore.getState().loadMore()
    expect(fake.calls.at(-1)).toEqual({ name: 'imagegen.gallery', input: { limit: pageSize, before: 6 } })
    expect(useGalleryStore.getState().images.map((one) => one.id)).toEqual(Array.from({ length: pageSize + 5 }, (_, index) => pageSize + 5 - index))
    expect(useGalleryStore.getState().hasMore).toBe(false)
    await useGalleryStore.getState().loadMore()
    expect(fake.calls).toHaveLength(2)
    stop()
  })

  it('asks the core for the filtered first page, and shows a new image only when it matches the filter', async () => {
    const fake = fakeClient({ 'imagegen.gallery': answer(gallery(12)) as never })
    setApi(fake.client)
    const stop = useGalleryStore.getState().start()
    await settle()
    await useGalleryStore.getState().setFilter({ text: ' red fox ', workerId: 'gaming-pc/sd', model: 'flux' })
    expect(fake.calls.at(-1)?.input).toEqual({ limit: pageSize, text: 'red fox', workerId: 'gaming-pc/sd', model: 'flux' })
    expect(useGalleryStore.getState().images.map((one) => one.id)).toEqual([12, 6])

    fake.emit('imagegen.image', image({ id: 13, prompt: 'a blue whale', model: 'flux' }))
    fake.emit('imagegen.image', image({ id: 14, prompt: 'A Red Fox at night', model: 'flux' }))
    fake.emit('imagegen.image', image({ id: 15, prompt: 'a red fox', model: 'flux', workerId: 'nas/comfy' }))
    expect(useGalleryStore.getState().images.map((one) => one.id)).toEqual([14, 12, 6])
    stop()
  })

  it('reads a picture once, deletes an image, and says when the file cannot be revealed here', async () => {
    const fake = fakeClient({
      'imagegen.gallery': answer(gallery(3)) as never,
      'imagegen.image': ({ imageId }: { imageId: number }) => {
        if (imageId === 2) throw new RequestFailure('imagegen.image', { code: 'failed', message: 'the file job-2.png is missing' })
        return { dataUrl: `data:image/png;base64,iVBOR${imageId}` }
      },
      'imagegen.deleteImage': () => ({}),
      'imagegen.reveal': () => ({ shown: false })
    } as never)
    setApi(fake.client)
    const stop = useGalleryStore.getState().start()
    await settle()
    useGalleryStore.getState().ensurePicture(3)
    useGalleryStore.getState().ensurePicture(3)
    useGalleryStore.getState().ensurePicture(2)
    await settle()
    expect(fake.calls.filter((call) => call.name === 'imagegen.image')).toHaveLength(2)
    expect(useGalleryStore.getState().pictures).toEqual({ 3: 'data:image/png;base64,iVBOR3' })
    expect(useGalleryStore.getState().pictureErrors).toEqual({ 2: 'the file job-2.png is missing' })

    expect(await useGalleryStore.getState().deleteImage(3)).toBeNull()
    expect(useGalleryStore.getState().images.map((one) => one.id)).toEqual([2, 1])
    expect(useGalleryStore.getState().pictures).toEqual({})
    expect(await useGalleryStore.getState().reveal(1)).toEqual({ unavailable: true, problem: expect.stringContaining('headless') })
    stop()
  })

  it('says why the gallery could not be read', async () => {
    const fake = fakeClient({
      'imagegen.gallery': () => {
        throw new RequestFailure('imagegen.gallery', { code: 'failed', message: 'the database is locked' })
      }
    })
    setApi(fake.client)
    const stop = useGalleryStore.getState().start()
    await settle()
    expect(useGalleryStore.getState()).toMatchObject({ loaded: true, error: 'Could not read the gallery: the database is locked' })
    stop()
  })
})
