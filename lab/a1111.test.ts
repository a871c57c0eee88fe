import { setTimeout as delay } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startA1111Emulator, type A1111Emulator } from './a1111'
import { picturePng } from './imagegen-picture'
import { waitUntil } from './net'
import { readPng } from './png-read'

let a1111: A1111Emulator

beforeAll(async () => {
  a1111 = await startA1111Emulator({ host: '127.0.1.104', port: 7860, secondsPerStep: 0.03, loadSeconds: 0.05 })
})

afterAll(() => a1111?.close())

interface ProgressReply {
  progress: number
  eta_relative: number
  state: { job: string; job_count: number; job_no: number; sampling_step: number; sampling_steps: number; interrupted: boolean }
  current_image: string | null
}

interface Txt2ImgReply {
  images: string[]
  parameters: Record<string, unknown>
  info: string
}

const call = (path: string, body?: unknown, init: RequestInit = {}) =>
  fetch(`${a1111.url}${path}`, {
    ...(body !== undefined && { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(10_000),
    ...init
  })
const json = async <T>(path: string, body?: unknown): Promise<T> => (await (await call(path, body)).json()) as T
const txt2img = (body: Record<string, unknown>) => json<Txt2ImgReply>('/sdapi/v1/txt2img', body)
const progress = () => json<ProgressReply>('/sdapi/v1/progress')
const taskProgress = (idTask: string) =>
  json<{ active: boolean; queued: boolean; completed: boolean; progress: number | null; live_preview: string | null; textinfo: string | null }>(
    '/internal/progress',
    { id_task: idTask, id_live_preview: -1 }
  )

describe('the AUTOMATIC1111 emulator at rest', () => {
  it('reports an idle state as /sdapi/v1/progress does, floats and all', async () => {
    const response = await call('/sdapi/v1/progress')
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(response.headers.get('x-process-time')).toMatch(/^\d+\.\d+$/)
    expect(await response.text()).toBe(
      '{"progress":0.0,"eta_relative":0.0,"state":{"skipped":false,"interrupted":false,"stopping_generation":false,"job":"","job_count":0,' +
        '"job_timestamp":"0","job_no":0,"sampling_step":0,"sampling_steps":0},"current_image":null,"textinfo":null}'
    )
  })

  it('lists its checkpoints, hashed only once loaded', async () => {
    expect(await json('/sdapi/v1/sd-models')).toEqual([
      {
        title: 'v1-5-pruned-emaonly.safetensors [6ce0161689]',
        model_name: 'v1-5-pruned-emaonly',
        hash: '6ce0161689',
        sha256: '6ce0161689b3853acaa03779ec93eafe75a02f4ced659bee03f50797806fa2fa',
        filename: 'C:\\stable-diffusion-webui\\models\\Stable-diffusion\\v1-5-pruned-emaonly.safetensors',
        config: null
      },
      expect.objectContaining({ title: 'sd_xl_base_1.0.safetensors', model_name: 'sd_xl_base_1.0', hash: null, sha256: null }),
      expect.objectContaining({ title: 'dreamshaper_8.safetensors', hash: null })
    ])
    expect(await json('/sdapi/v1/options')).toMatchObject({ sd_model_checkpoint: 'v1-5-pruned-emaonly.safetensors [6ce0161689]', samples_format: 'png' })
  })

  it('answers unknown routes and methods through its exception handler', async () => {
    const missing = await call('/sdapi/v1/nothing')
    expect([missing.status, await missing.text()]).toEqual([404, '{"error":"HTTPException","detail":"Not Found","body":"","errors":""}'])
    const wrong = await call('/sdapi/v1/txt2img')
    expect([wrong.status, await wrong.json()]).toEqual([405, { error: 'HTTPException', detail: 'Method Not Allowed', body: '', errors: '' }])
  })

  it('refuses what FastAPI cannot validate with its 422', async () => {
    const badSteps = await call('/sdapi/v1/txt2img', { prompt: 'x', steps: 'many', cfg_scale: 'high' })
    expect([badSteps.status, await badSteps.text()]).toEqual([
      422,
      '{"detail":[{"loc":["body","steps"],"msg":"value is not a valid integer","type":"type_error.integer"},' +
        '{"loc":["body","cfg_scale"],"msg":"value is not a valid float","type":"type_error.float"}]}'
    ])
    const broken = await call('/sdapi/v1/txt2img', undefined, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"prompt": ' })
    expect(await broken.json()).toEqual({
      detail: [
        {
          loc: ['body', 11],
          msg: 'Expecting value: line 1 column 12 (char 11)',
          type: 'value_error.jsondecode',
          ctx: { msg: 'Expecting value', doc: '{"prompt": ', pos: 11, lineno: 1, colno: 12 }
        }
      ]
    })
    const empty = await call('/sdapi/v1/txt2img', undefined, { method: 'POST' })
    expect(await empty.json()).toEqual({ detail: [{ loc: ['body'], msg: 'field required', type: 'value_error.missing' }] })
    const plain = await call('/sdapi/v1/txt2img', undefined, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' })
    expect(await plain.json()).toEqual({ detail: [{ loc: ['body'], msg: 'value is not a valid dict', type: 'type_error.dict' }] })
    const query = await call('/sdapi/v1/progress?skip_current_image=maybe')
    expect([query.status, await query.json()]).toEqual([
      422,
      { detail: [{ loc: ['query', 'skip_current_image'], msg: 'value could not be parsed to a boolean', type: 'type_error.bool' }] }
    ])
  })
})

describe('txt2img on the AUTOMATIC1111 emulator', () => {
  it('blocks until done, reporting progress and live previews on the way', async () => {
    const samples: ProgressReply[] = []
    let running: { active: boolean; live_preview: string | null } | undefined
    const job = txt2img({
      prompt: 'a lighthouse',
      negative_prompt: 'fog',
      seed: 1234,
      steps: 12,
      cfg_scale: 7,
      width: 64,
      height: 96,
      batch_size: 2,
      force_task_id: 'job-1'
    })
    let settled = false
    void job.finally(() => (settled = true))
    while (!settled) {
      const sample = await progress()
      if (sample.state.job_count !== 0) samples.push(sample)
      if (sample.state.sampling_step >= 10 && !running) running = await taskProgress('job-1')
      await delay(10)
    }
    const reply = await job

    expect(samples.length).toBeGreaterThan(3)
    for (const sample of samples) {
      expect(sample.state).toMatchObject({ job: 'scripts_txt2img', job_count: 1, sampling_steps: 12 })
      expect(sample.progress).toBeGreaterThan(0)
      expect(sample.progress).toBeLessThanOrEqual(1)
    }
    const steps = samples.map((sample) => sample.state.sampling_step)
    expect(steps).toEqual([...steps].sort((a, b) => a - b))
    expect(samples.filter((sample) => sample.current_image === null).length).toBeGreaterThan(0)
    const preview = samples.find((sample) => sample.current_image !== null)?.current_image
    // Approx NN previews are a quarter of the image, from step 10 (show_progress_every_n_steps).
    expect(preview && readPng(Buffer.from(preview, 'base64'))).toMatchObject({ width: 16, height: 24 })
    expect(running).toMatchObject({ active: true, live_preview: expect.stringMatching(/^data:image\/png;base64,/) })

    expect(reply.images).toHaveLength(2)
    const infotext = (seed: number) =>
      `a lighthouse\nNegative prompt: fog\nSteps: 12, Sampler: Euler, CFG scale: 7.0, Seed: ${seed}, Size: 64x96, Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Version: v1.10.1`
    for (const [index, image] of reply.images.entries()) {
      const bytes = Buffer.from(image, 'base64')
      const png = readPng(bytes)
      expect([png.width, png.height, png.text]).toEqual([64, 96, { parameters: infotext(1234 + index) }])
      const expected = picturePng({ prompt: 'a lighthouse', seed: 1234 + index }, { width: 64, height: 96 }, { text: [['parameters', infotext(1234 + index)]] })
      expect(bytes.equals(expected)).toBe(true)
    }
    expect(reply.parameters).toMatchObject({ prompt: 'a lighthouse', steps: 12, cfg_scale: 7, sampler_name: null, sampler_index: 'Euler', force_task_id: 'job-1' })
    expect(reply.info).toContain('"cfg_scale": 7.0, "steps": 12')
    expect(JSON.parse(reply.info)).toMatchObject({
      prompt: 'a lighthouse',
      seed: 1234,
      all_seeds: [1234, 1235],
      sampler_name: 'Euler',
      sd_model_name: 'v1-5-pruned-emaonly',
      sd_model_hash: '6ce0161689',
      infotexts: [infotext(1234), infotext(1235)]
    })

    expect(await progress()).toMatchObject({ progress: 0, state: { job: '', job_count: 0 }, current_image: null })
    expect(await taskProgress('job-1')).toMatchObject({ active: false, completed: true, textinfo: 'Waiting...' })
  })

  it('runs one job at a time behind its lock, the next one queued', async () => {
    const finished: string[] = []
    const first = txt2img({ prompt: 'first', steps: 10, width: 64, height: 64, force_task_id: 'lock-1' }).then(() => finished.push('lock-1'))
    await waitUntil('the first job runs', async () => (await taskProgress('lock-1')).active)
    const second = txt2img({ prompt: 'second', steps: 2, width: 64, height: 64, force_task_id: 'lock-2' }).then(() => finished.push('lock-2'))
    await waitUntil('the second job waits', async () => (await taskProgress('lock-2')).queued)
    expect(await taskProgress('lock-2')).toMatchObject({ active: false, queued: true, textinfo: 'In queue: 1/1' })
    await Promise.all([first, second])
    expect(finished).toEqual(['lock-1', 'lock-2'])
  })

  it('returns early with what it has when interrupted, skipping later batches', async () => {
    const job = txt2img({ prompt: 'cut short', seed: 7, steps: 60, n_iter: 2, width: 64, height: 64 })
    await waitUntil('sampling has begun', async () => (await progress()).state.sampling_step >= 3)
    expect(await (await call('/sdapi/v1/interrupt', {})).text()).toBe('{}')
    const reply = await job
    expect(reply.images).toHaveLength(1)
    const image = Buffer.from(reply.images[0] ?? '', 'base64')
    expect(readPng(image).width).toBe(64)
    expect(image.equals(picturePng({ prompt: 'cut short', seed: 7 }, { width: 64, height: 64 }, { text: [['parameters', JSON.parse(reply.info).infotexts[0]]] }))).toBe(false)
    expect(await progress()).toMatchObject({ progress: 0, state: { interrupted: true, job_count: 0 } })
  })

  it('switches checkpoints through options, by override, and turns unknown samplers into its first', async () => {
    const unknown = await call('/sdapi/v1/options', { sd_model_checkpoint: 'nope.safetensors' })
    expect([unknown.status, await unknown.text()]).toEqual([500, '{"error":"RuntimeError","detail":"","body":"","errors":"model \'nope.safetensors\' not found"}'])
    const badKey = await call('/sdapi/v1/options', { no_such_option: 1 })
    expect([badKey.status, await badKey.json()]).toEqual([500, { error: 'KeyError', detail: '', body: '', errors: "'no_such_option'" }])

    const set = await call('/sdapi/v1/options', { sd_model_checkpoint: 'dreamshaper_8' })
    expect([set.status, await set.text()]).toEqual([200, 'null'])
    expect(await json('/sdapi/v1/options')).toMatchObject({ sd_model_checkpoint: 'dreamshaper_8.safetensors [879db523c3]' })
    expect(await json('/sdapi/v1/sd-models')).toContainEqual(expect.objectContaining({ model_name: 'dreamshaper_8', hash: '879db523c3' }))

    const overridden = await txt2img({ prompt: 'x', steps: 1, width: 64, height: 64, sampler_name: 'euler', override_settings: { sd_model_checkpoint: 'sd_xl_base_1.0.safetensors' } })
    expect(JSON.parse(overridden.info)).toMatchObject({ sd_model_name: 'sd_xl_base_1.0', sd_model_hash: '31e35c80fc', sampler_name: 'DPM++ 2M' })
    expect(await json('/sdapi/v1/options')).toMatchObject({ sd_model_checkpoint: 'dreamshaper_8.safetensors [879db523c3]' })
    const karras = await txt2img({ prompt: 'y', steps: 1, width: 64, height: 64, sampler_name: 'DPM++ 2M Karras' })
    expect(JSON.parse(karras.info).infotexts[0]).toContain('Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7.0')
  })
})

describe('faults of the AUTOMATIC1111 emulator', () => {
  it('fails a job as CUDA does, and /internal/progress keeps calling it active', async () => {
    a1111.jobFault = 'error'
    try {
      const response = await call('/sdapi/v1/txt2img', { prompt: 'too big', steps: 4, width: 64, height: 64, force_task_id: 'oom-1' })
      expect(response.status).toBe(500)
      expect(response.headers.get('x-process-time')).toBeNull()
      expect(await response.json()).toEqual({
        error: 'OutOfMemoryError',
        detail: '',
        body: '',
        errors: expect.stringMatching(/^CUDA out of memory\. Tried to allocate/)
      })
    } finally {
      a1111.jobFault = 'none'
    }
    expect(await taskProgress('oom-1')).toMatchObject({ active: true, completed: false, progress: 0 })
    expect(await progress()).toMatchObject({ state: { job_count: 0 } })
  })

  it('drops connections, or never answers, when switched to', async () => {
    a1111.fault = 'drop'
    try {
      await expect(call('/sdapi/v1/progress')).rejects.toThrow(/fetch failed/)
      a1111.fault = 'hang'
      await expect(fetch(`${a1111.url}/sdapi/v1/progress`, { signal: AbortSignal.timeout(300) })).rejects.toThrow(/timeout|aborted/i)
    } finally {
      a1111.fault = 'none'
    }
  })

  it('hangs a job half way, deaf to interrupts, while /progress still answers', async () => {
    const hung = await startA1111Emulator({ host: '127.0.1.105', port: 7860, secondsPerStep: 0.01, loadSeconds: 0 })
    try {
      hung.jobFault = 'hang'
      const job = fetch(`${hung.url}/sdapi/v1/txt2img`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: 'stuck', steps: 8, width: 64, height: 64 })
      })
      job.catch(() => undefined)
      const stuck = async () => (await (await fetch(`${hung.url}/sdapi/v1/progress`)).json()) as ProgressReply
      await waitUntil('the job reaches its half', async () => (await stuck()).state.sampling_step === 3)
      await fetch(`${hung.url}/sdapi/v1/interrupt`, { method: 'POST' })
      // Forty steps' worth of time: a job that could go on would have.
      await delay(400)
      expect(await stuck()).toMatchObject({ state: { job_count: 1, sampling_step: 3, interrupted: true } })
    } finally {
      await hung.close()
    }
  })
})
