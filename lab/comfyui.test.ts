import { readdir } from 'node:fs/promises'
import { setTimeout as delay } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startComfyuiEmulator, type ComfyuiEmulator } from './comfyui'
import { renderPicture } from './imagegen-picture'
import { waitUntil } from './net'
import { readPng } from './png-read'

const host = '127.0.1.106'
let comfy: ComfyuiEmulator

beforeAll(async () => {
  comfy = await startComfyuiEmulator({ host, port: 8188, secondsPerStep: 0.02, loadSeconds: 0.02 })
})

afterAll(() => comfy?.close())

/** The default txt2img workflow in API format, as ComfyUI's "Save (API)" writes it. */
function workflow(change: { seed?: number; steps?: number; text?: string; width?: number; height?: number } = {}): Record<string, { class_type: string; inputs: Record<string, unknown> }> {
  return {
    '3': {
      class_type: 'KSampler',
      inputs: { seed: change.seed ?? 42, steps: change.steps ?? 6, cfg: 8, sampler_name: 'euler', scheduler: 'normal', denoise: 1, model: ['4', 0], positive: ['6', 0], negative: ['7', 0], latent_image: ['5', 0] }
    },
    '4': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'v1-5-pruned-emaonly.safetensors' } },
    '5': { class_type: 'EmptyLatentImage', inputs: { width: change.width ?? 64, height: change.height ?? 48, batch_size: 1 } },
    '6': { class_type: 'CLIPTextEncode', inputs: { text: change.text ?? 'a cat in a hat', clip: ['4', 1] } },
    '7': { class_type: 'CLIPTextEncode', inputs: { text: 'blurry', clip: ['4', 1] } },
    '8': { class_type: 'VAEDecode', inputs: { samples: ['3', 0], vae: ['4', 2] } },
    '9': { class_type: 'SaveImage', inputs: { filename_prefix: 'ComfyUI', images: ['8', 0] } }
  }
}

interface Message {
  readonly type: string
  readonly data: Record<string, unknown>
}

/** A client on /ws that keeps every frame it gets. */
class Listener {
  readonly raw: string[] = []
  readonly messages: Message[] = []
  readonly previews: Buffer[] = []
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) return void this.previews.push(data)
      this.raw.push(data.toString())
      this.messages.push(JSON.parse(data.toString()) as Message)
    })
  }

  /** Listens from the handshake on, so the first frames are kept too. */
  static async open(clientId: string, headers: Record<string, string> = {}, base = `ws://${host}:8188`): Promise<Listener> {
    const listener = new Listener(new WebSocket(`${base}/ws?clientId=${clientId}`, { headers }))
    await new Promise<void>((resolve, reject) => {
      listener.ws.once('open', () => resolve())
      listener.ws.once('error', reject)
    })
    return listener
  }

  of(promptId: string): Message[] {
    return this.messages.filter((message) => message.data['prompt_id'] === promptId)
  }

  finished(promptId: string): Promise<void> {
    return waitUntil(`prompt ${promptId} finished`, async () => this.of(promptId).some((message) => message.type === 'executing' && message.data['node'] === null))
  }

  close(): void {
    this.ws.close()
  }
}

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${comfy.url}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body), signal: AbortSignal.timeout(10_000) })
const getJson = async <T>(path: string): Promise<T> => (await (await fetch(`${comfy.url}${path}`, { signal: AbortSignal.timeout(10_000) })).json()) as T
async function queue(prompt: unknown, clientId: string): Promise<string> {
  const response = await post('/prompt', { prompt, client_id: clientId })
  const body = (await response.json()) as { prompt_id?: string }
  if (response.status !== 200 || !body.prompt_id) throw new Error(`queueing failed: ${JSON.stringify(body)}`)
  return body.prompt_id
}

interface HistoryEntry {
  prompt: unknown[]
  outputs: Record<string, { images: { filename: string; subfolder: string; type: string }[] }>
  status: { status_str: string; completed: boolean; messages: [string, Record<string, unknown>][] }
  meta: Record<string, unknown>
}

describe('a prompt on the ComfyUI emulator', () => {
  let listener: Listener
  let firstId: string

  beforeAll(async () => {
    listener = await Listener.open('console-1')
  })

  afterAll(() => listener?.close())

  it('runs the txt2img workflow, telling its client each step on /ws', async () => {
    const response = await post('/prompt', { prompt: workflow(), client_id: 'console-1' })
    const text = await response.text()
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'application/json; charset=utf-8'])
    expect(text).toMatch(/^\{"prompt_id": "[0-9a-f-]{36}", "number": \d+, "node_errors": \{\}\}$/)
    firstId = (JSON.parse(text) as { prompt_id: string }).prompt_id
    await listener.finished(firstId)

    expect(listener.raw[0]).toBe('{"type": "status", "data": {"status": {"exec_info": {"queue_remaining": 0}}, "sid": "console-1"}}')
    const events = listener.of(firstId)
    expect(events.map((message) => message.type).filter((type) => type !== 'progress')).toEqual([
      'execution_start',
      'execution_cached',
      'executing',
      'executing',
      'executing',
      'executing',
      'executing',
      'executing',
      'executing',
      'executed',
      'execution_success',
      'executing'
    ])
    expect(events.filter((message) => message.type === 'executing').map((message) => message.data['node'])).toEqual(['4', '6', '7', '5', '3', '8', '9', null])
    expect(events.filter((message) => message.type === 'progress').map((message) => message.data)).toEqual(
      [1, 2, 3, 4, 5, 6].map((value) => ({ value, max: 6, prompt_id: firstId, node: '3' }))
    )
    expect(events.find((message) => message.type === 'executed')?.data).toEqual({
      node: '9',
      display_node: '9',
      output: { images: [{ filename: 'ComfyUI_00001_.png', subfolder: '', type: 'output' }] },
      prompt_id: firstId
    })
    // The queue's state reaches everyone, the history is written before "executing: null".
    const statuses = listener.messages.filter((message) => message.type === 'status').map((message) => message.data)
    expect(statuses.at(-1)).toEqual({ status: { exec_info: { queue_remaining: 0 } } })
    expect(listener.raw.indexOf(listener.raw.find((raw) => raw.includes('"execution_success"')) ?? '')).toBeLessThan(listener.raw.length - 1)

    // Binary previews: type 1, format 2 (PNG), a picture scaled to 512 px.
    expect(listener.previews).toHaveLength(6)
    for (const frame of listener.previews) {
      expect([frame.readUInt32BE(0), frame.readUInt32BE(4)]).toEqual([1, 2])
      expect(readPng(frame.subarray(8))).toMatchObject({ width: 512, height: 384 })
    }
  })

  it('keeps the prompt in /history and serves the image through /view', async () => {
    const history = await getJson<Record<string, HistoryEntry>>(`/history/${firstId}`)
    expect(Object.keys(history)).toEqual([firstId])
    const entry = history[firstId]
    expect(entry?.status).toMatchObject({ status_str: 'success', completed: true })
    expect(entry?.status.messages.map(([event]) => event)).toEqual(['execution_start', 'execution_cached', 'execution_success'])
    expect(entry?.prompt.slice(1, 2)).toEqual([firstId])
    expect(entry?.prompt[3]).toMatchObject({ client_id: 'console-1', create_time: expect.any(Number) })
    expect(entry?.prompt[4]).toEqual(['9'])
    expect(entry?.meta).toEqual({ '9': { node_id: '9', display_node: '9', parent_node: null, real_node_id: '9' } })
    expect(await getJson(`/api/history/${firstId}`)).toEqual(history)
    expect(Object.keys(await getJson('/history?max_items=1'))).toEqual([firstId])

    const image = entry?.outputs['9']?.images[0]
    const view = await fetch(`${comfy.url}/view?filename=${image?.filename}&subfolder=${image?.subfolder}&type=${image?.type}`)
    expect([view.status, view.headers.get('content-type'), view.headers.get('content-disposition')]).toEqual([200, 'image/png', 'filename="ComfyUI_00001_.png"'])
    const png = readPng(new Uint8Array(await view.arrayBuffer()))
    expect([png.width, png.height]).toEqual([64, 48])
    expect(png.rgb.equals(Buffer.from(renderPicture({ prompt: 'a cat in a hat', seed: '42' }, { width: 64, height: 48 }).rgb))).toBe(true)
    // SaveImage stores the workflow it ran, as json.dumps writes it.
    expect(JSON.parse(png.text['prompt'] ?? '{}')).toMatchObject({ '3': { class_type: 'KSampler', inputs: { cfg: 8, seed: 42 } } })
    expect(png.text['prompt']).toContain('"cfg": 8.0')

    expect((await fetch(`${comfy.url}/view?filename=..%2Fsecret.png`)).status).toBe(400)
    expect((await fetch(`${comfy.url}/view?filename=x.png&type=elsewhere`)).status).toBe(400)
    expect((await fetch(`${comfy.url}/view?filename=x.png&subfolder=../..`)).status).toBe(403)
    expect((await fetch(`${comfy.url}/view?filename=missing.png`)).status).toBe(404)
  })

  it('runs nothing again for the same prompt, and only what changed for a new seed', async () => {
    const again = await queue(workflow(), 'console-1')
    await listener.finished(again)
    const events = listener.of(again)
    expect(events.find((message) => message.type === 'execution_cached')?.data['nodes']).toEqual(['3', '4', '5', '6', '7', '8', '9'])
    expect(events.filter((message) => message.type === 'progress' || message.type === 'executing').map((message) => message.data['node'])).toEqual([null])
    expect(events.find((message) => message.type === 'executed')?.data['output']).toEqual({ images: [{ filename: 'ComfyUI_00001_.png', subfolder: '', type: 'output' }] })

    const reseeded = await queue(workflow({ seed: 43 }), 'console-1')
    await listener.finished(reseeded)
    const rerun = listener.of(reseeded)
    expect(rerun.find((message) => message.type === 'execution_cached')?.data['nodes']).toEqual(['4', '5', '6', '7'])
    expect(rerun.filter((message) => message.type === 'executing').map((message) => message.data['node'])).toEqual(['3', '8', '9', null])
    expect(await readdir(comfy.outputDir)).toEqual(['ComfyUI_00001_.png', 'ComfyUI_00002_.png'])
  })

  it('stops the running prompt on /interrupt, recording it as an error', async () => {
    const slow = await queue(workflow({ seed: 44, steps: 200 }), 'console-1')
    await waitUntil('sampling began', async () => listener.of(slow).some((message) => message.type === 'progress'))
    const response = await post('/interrupt', '')
    expect([response.status, await response.text()]).toEqual([200, ''])
    await listener.finished(slow)
    const interrupted = listener.of(slow).find((message) => message.type === 'execution_interrupted')
    expect(interrupted?.data).toEqual({ prompt_id: slow, node_id: '3', node_type: 'KSampler', executed: [], timestamp: expect.any(Number) })
    const history = await getJson<Record<string, HistoryEntry>>(`/history/${slow}`)
    expect(history[slow]?.status).toMatchObject({ status_str: 'error', completed: false })
    expect(history[slow]?.outputs).toEqual({})
  })
})

describe('the ComfyUI emulator’s queue', () => {
  it('lists prompts other clients queued, deletes pending ones, and interrupts only the named running prompt', async () => {
    const listener = await Listener.open('console-2')
    try {
      const theirs = comfy.queueFromOtherClient(workflow({ seed: 100, steps: 300, text: 'theirs' }))
      await waitUntil('their prompt runs', async () => (await getJson<{ queue_running: unknown[][] }>('/queue')).queue_running.length === 1)
      const mine = await queue(workflow({ seed: 101, text: 'mine' }), 'console-2')
      const front = await post('/prompt', { prompt: workflow({ seed: 102 }), client_id: 'console-2', front: true })
      const { prompt_id: urgent, number } = (await front.json()) as { prompt_id: string; number: number }
      expect(number).toBeLessThan(0)

      const current = await getJson<{ queue_running: unknown[][]; queue_pending: unknown[][] }>('/api/queue')
      expect(current.queue_running.map((item) => item[1])).toEqual([theirs])
      expect(current.queue_running[0]?.[3]).toMatchObject({ client_id: 'other-client' })
      expect(current.queue_pending.map((item) => item[1])).toEqual([urgent, mine])
      expect(await getJson('/prompt')).toEqual({ exec_info: { queue_remaining: 3 } })

      await post('/queue', { delete: [mine, urgent] })
      expect((await getJson<{ queue_pending: unknown[][] }>('/queue')).queue_pending).toEqual([])
      await queue(workflow({ seed: 106 }), 'console-2')
      await queue(workflow({ seed: 107 }), 'console-2')
      expect((await getJson<{ queue_pending: unknown[][] }>('/queue')).queue_pending).toHaveLength(2)
      expect([(await post('/queue', { clear: true })).status, (await getJson<{ queue_pending: unknown[] }>('/queue')).queue_pending]).toEqual([200, []])
      // Their progress goes to their client, not to us.
      expect(listener.messages.filter((message) => message.type === 'progress')).toEqual([])

      await post('/interrupt', { prompt_id: mine })
      await delay(100)
      expect((await getJson<{ queue_running: unknown[][] }>('/queue')).queue_running.map((item) => item[1])).toEqual([theirs])
      await post('/interrupt', { prompt_id: theirs })
      await waitUntil('their prompt stopped', async () => Object.keys(await getJson(`/history/${theirs}`)).length === 1)
      const history = await getJson<Record<string, HistoryEntry>>(`/history/${theirs}`)
      expect(history[theirs]?.status.messages.map(([event]) => event)).toEqual(['execution_start', 'execution_cached', 'execution_interrupted'])
      expect(await getJson('/queue')).toEqual({ queue_running: [], queue_pending: [] })
    } finally {
      listener.close()
    }
  })

  it('tells a client that reconnects mid-prompt which node runs', async () => {
    const first = await Listener.open('console-3')
    const promptId = await queue(workflow({ seed: 103, steps: 100 }), 'console-3')
    await waitUntil('sampling began', async () => first.of(promptId).some((message) => message.type === 'progress'))
    first.close()
    const again = await Listener.open('console-3')
    try {
      await waitUntil('the executing hint', async () => again.messages.length >= 2)
      expect(again.messages.slice(0, 2)).toEqual([
        { type: 'status', data: { status: { exec_info: { queue_remaining: 1 } }, sid: 'console-3' } },
        { type: 'executing', data: { node: '3' } }
      ])
      await post('/interrupt', {})
      await again.finished(promptId)
    } finally {
      again.close()
    }
  })
})

describe('the ComfyUI emulator’s validation', () => {
  const submit = async (prompt: unknown) => {
    const response = await post('/prompt', { prompt, client_id: 'validator' })
    return { status: response.status, body: (await response.json()) as { error: Record<string, unknown>; node_errors: Record<string, { errors: Record<string, unknown>[]; dependent_outputs: string[]; class_type: string }> } }
  }

  it('refuses a body without a prompt, and answers 500 to bytes that are not JSON', async () => {
    const missing = await post('/prompt', { client_id: 'x' })
    expect([missing.status, await missing.text()]).toEqual([
      400,
      '{"error": {"type": "no_prompt", "message": "No prompt provided", "details": "No prompt provided", "extra_info": {}}, "node_errors": {}}'
    ])
    const broken = await post('/prompt', '{"prompt": ')
    expect([broken.status, await broken.text()]).toEqual([500, '500 Internal Server Error\n\nServer got itself in trouble'])
  })

  it('refuses unknown node classes, nodes without one, and prompts without an output', async () => {
    expect(await submit({ ...workflow(), '10': { class_type: 'UpscaleWithMagic', inputs: {} } })).toEqual({
      status: 400,
      body: { error: { type: 'invalid_prompt', message: 'Cannot execute because node UpscaleWithMagic does not exist.', details: "Node ID '#10'", extra_info: {} }, node_errors: {} }
    })
    expect((await submit({ ...workflow(), '10': { inputs: {} } })).body.error).toMatchObject({ message: 'Cannot execute because a node is missing the class_type property.' })
    const { '9': _save, ...noOutput } = workflow()
    expect(await submit(noOutput)).toEqual({ status: 400, body: { error: { type: 'prompt_no_outputs', message: 'Prompt has no outputs', details: '', extra_info: {} }, node_errors: {} } })
  })

  it('reports bad widget values in node_errors, leaving the top details empty when the output itself is fine', async () => {
    const prompt = workflow()
    Object.assign(prompt['3']?.inputs ?? {}, { steps: 0, cfg: 'strong', sampler_name: 'Euler a' })
    Object.assign(prompt['4']?.inputs ?? {}, { ckpt_name: 'missing.safetensors' })
    const { status, body } = await submit(prompt)
    expect(status).toBe(400)
    expect(body.error).toEqual({ type: 'prompt_outputs_failed_validation', message: 'Prompt outputs failed validation', details: '', extra_info: {} })
    expect(body.node_errors['3']).toMatchObject({ class_type: 'KSampler', dependent_outputs: ['9'] })
    expect(body.node_errors['3']?.errors.map((error) => [error['type'], error['message'], error['details']])).toEqual([
      ['value_smaller_than_min', 'Value 0 smaller than min of 1', 'steps'],
      ['invalid_input_type', 'Failed to convert an input value to a FLOAT value', "cfg, strong, could not convert string to float: 'strong'"],
      ['value_not_in_list', 'Value not in list', "sampler_name: 'Euler a' not in (list of length 37)"]
    ])
    expect(body.node_errors['4']?.errors[0]).toMatchObject({
      type: 'value_not_in_list',
      details: "ckpt_name: 'missing.safetensors' not in ['sd_xl_base_1.0.safetensors', 'v1-5-pruned-emaonly.safetensors', 'dreamshaper_8.safetensors']"
    })
  })

  it('reports links to missing nodes and wrong types, with numeric ids as Python sees them', async () => {
    const dangling = workflow()
    Object.assign(dangling['8']?.inputs ?? {}, { samples: ['99', 0] })
    const { body } = await submit(dangling)
    expect(body.node_errors['8']?.errors[0]).toMatchObject({
      type: 'exception_during_inner_validation',
      details: "'99'",
      extra_info: { input_name: 'images', exception_type: 'KeyError', linked_node: ['8', 0] }
    })
    const numeric = workflow()
    Object.assign(numeric['9']?.inputs ?? {}, { images: [8, 0] })
    expect((await submit(numeric)).body.node_errors['9']?.errors[0]).toMatchObject({ type: 'exception_during_validation', details: '8' })
    const mistyped = workflow()
    Object.assign(mistyped['8']?.inputs ?? {}, { vae: ['4', 1] })
    expect((await submit(mistyped)).body.node_errors['8']?.errors[0]).toMatchObject({
      type: 'return_type_mismatch',
      details: 'vae, received_type(CLIP) mismatch input_type(VAE)'
    })
  })

  it('accepts a prompt with one good output, naming the bad one in node_errors', async () => {
    const prompt = { ...workflow({ seed: 104, steps: 1 }), '10': { class_type: 'PreviewImage', inputs: { images: ['11', 0] } }, '11': { class_type: 'VAEDecode', inputs: { samples: ['3', 0] } } }
    const listener = await Listener.open('validator')
    try {
      const { status, body } = await submit(prompt)
      expect(status).toBe(200)
      expect(body.node_errors['11']).toMatchObject({ errors: [{ type: 'required_input_missing', details: 'vae' }], dependent_outputs: ['10'] })
      const promptId = (body as unknown as { prompt_id: string }).prompt_id
      await listener.finished(promptId)
      expect(Object.keys((await getJson<Record<string, HistoryEntry>>(`/history/${promptId}`))[promptId]?.outputs ?? {})).toEqual(['9'])
    } finally {
      listener.close()
    }
  })
})

describe('the ComfyUI emulator’s other routes', () => {
  it('lists checkpoints in /object_info/CheckpointLoaderSimple, as node_info does', async () => {
    expect(await getJson('/object_info/CheckpointLoaderSimple')).toEqual({
      CheckpointLoaderSimple: {
        input: { required: { ckpt_name: [['sd_xl_base_1.0.safetensors', 'v1-5-pruned-emaonly.safetensors', 'dreamshaper_8.safetensors'], { tooltip: 'The name of the checkpoint (model) to load.' }] } },
        input_order: { required: ['ckpt_name'] },
        output: ['MODEL', 'CLIP', 'VAE'],
        output_is_list: [false, false, false],
        output_name: ['MODEL', 'CLIP', 'VAE'],
        name: 'CheckpointLoaderSimple',
        display_name: 'Load Checkpoint',
        description: 'Loads a diffusion model checkpoint, diffusion models are used to denoise latents.',
        python_module: 'nodes',
        category: 'loaders',
        output_node: false,
        output_tooltips: expect.any(Array)
      }
    })
    expect(await getJson('/api/object_info/NoSuchNode')).toEqual({})
    const seedMax = await (await fetch(`${comfy.url}/object_info/KSampler`)).text()
    expect(seedMax).toContain('"max": 18446744073709551615')
    expect(await getJson('/system_stats')).toMatchObject({ system: { os: expect.any(String), comfyui_version: expect.any(String) }, devices: [{ type: 'cuda', vram_total: expect.any(Number) }] })
  })

  it('answers unknown routes and methods as aiohttp does', async () => {
    const missing = await fetch(`${comfy.url}/nothing`)
    expect([missing.status, await missing.text()]).toEqual([404, '404: Not Found'])
    const wrong = await fetch(`${comfy.url}/interrupt`)
    expect([wrong.status, wrong.headers.get('allow'), await wrong.text()]).toEqual([405, 'POST', '405: Method Not Allowed'])
  })

  it('refuses what a web page of another site sends, over HTTP and /ws', async () => {
    const cross = await fetch(`${comfy.url}/queue`, { headers: { 'sec-fetch-site': 'cross-site' } })
    expect(cross.status).toBe(403)
    const elsewhere = await fetch(`${comfy.url}/queue`, { headers: { origin: 'http://evil.example' } })
    expect(elsewhere.status).toBe(403)
    const same = await fetch(`${comfy.url}/queue`, { headers: { origin: comfy.url } })
    expect(same.status).toBe(200)
    await expect(Listener.open('evil', { origin: 'http://evil.example:8188' })).rejects.toThrow(/403/)
  })
})

describe('faults of the ComfyUI emulator', () => {
  it('fails the sampler with CUDA’s out-of-memory error', async () => {
    const listener = await Listener.open('console-4')
    comfy.jobFault = 'error'
    try {
      const promptId = await queue(workflow({ seed: 105, steps: 4 }), 'console-4')
      await listener.finished(promptId)
      const error = listener.of(promptId).find((message) => message.type === 'execution_error')
      expect(error?.data).toMatchObject({
        prompt_id: promptId,
        node_id: '3',
        node_type: 'KSampler',
        exception_type: 'torch.OutOfMemoryError',
        exception_message: expect.stringContaining('This error means you ran out of memory on your GPU.'),
        traceback: expect.any(Array),
        current_inputs: { seed: [105], steps: [4], model: [expect.stringContaining('ModelPatcher')] },
        current_outputs: expect.arrayContaining(['4', '6', '7'])
      })
      expect((await getJson<Record<string, HistoryEntry>>(`/history/${promptId}`))[promptId]?.status).toMatchObject({ status_str: 'error', completed: false })
    } finally {
      comfy.jobFault = 'none'
      listener.close()
    }
  })

  it('drops HTTP requests and WebSockets when switched to drop', async () => {
    const listener = await Listener.open('console-5')
    const closed = new Promise<void>((resolve) => listener.ws.once('close', () => resolve()))
    comfy.fault = 'drop'
    try {
      await closed
      await expect(fetch(`${comfy.url}/queue`)).rejects.toThrow(/fetch failed/)
    } finally {
      comfy.fault = 'none'
    }
    expect((await fetch(`${comfy.url}/queue`)).status).toBe(200)
  })

  it('hangs a prompt half way, deaf to interrupts', async () => {
    const hung = await startComfyuiEmulator({ host: '127.0.1.107', port: 8188, secondsPerStep: 0.01, loadSeconds: 0 })
    const watcher = await Listener.open('watcher', {}, 'ws://127.0.1.107:8188')
    try {
      hung.jobFault = 'hang'
      const promptId = hung.queueFromOtherClient(workflow({ steps: 8 }), 'watcher')
      await waitUntil('it reaches its half', async () => watcher.of(promptId).some((message) => message.type === 'progress' && message.data['value'] === 4))
      await fetch(`${hung.url}/interrupt`, { method: 'POST' })
      // Eighty steps' worth of time: a prompt that could end would have.
      await delay(800)
      expect(((await (await fetch(`${hung.url}/queue`)).json()) as { queue_running: unknown[][] }).queue_running[0]?.[1]).toBe(promptId)
      expect(await (await fetch(`${hung.url}/history/${promptId}`)).json()).toEqual({})
      expect(watcher.of(promptId).filter((message) => message.type === 'progress').map((message) => message.data['value'])).toEqual([1, 2, 3, 4])
    } finally {
      watcher.close()
      await hung.close()
    }
  })
})
