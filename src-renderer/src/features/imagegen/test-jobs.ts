import type { GalleryImage, ImageJob } from '../../../../src-shared/imagegen'

/** A job of the tests, queued on gaming-pc/sd unless told otherwise. */
export function job(patch: Partial<ImageJob>): ImageJob {
  return {
    id: 1,
    workerId: 'gaming-pc/sd',
    state: 'queued',
    position: 0,
    params: { prompt: 'a red fox in snow', negativePrompt: '', width: 512, height: 512, steps: 20, cfg: 7, seed: null, model: null, workflow: null },
    seed: null,
    progress: null,
    hasPreview: false,
    message: null,
    external: false,
    createdAt: 1,
    startedAt: null,
    finishedAt: null,
    imageIds: [],
    ...patch
  }
}

/** An image of the tests' gallery. */
export function image(patch: Partial<GalleryImage>): GalleryImage {
  return {
    id: 1,
    jobId: 1,
    workerId: 'gaming-pc/sd',
    workerName: 'Gaming PC › Stable Diffusion',
    prompt: 'a red fox in snow',
    negativePrompt: 'blurry',
    width: 832,
    height: 1216,
    steps: 30,
    cfg: 6.5,
    seed: 1234,
    model: 'sdxl-base',
    durationMs: 4200,
    createdAt: 1,
    fileName: 'job-1-1234.png',
    ...patch
  }
}
