/**
 * bench/playground: (1) what the console adds to a streamed answer — time to first token and
 * arrival of every later token through the headless console's WebSocket, against the official
 * `ollama` client straight to the same emulator in the same run; (2) the page's frame times while
 * four Compare columns stream at 200 tokens/s each, against the same page idle.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { chromium, type Page } from '@playwright/test'
import { Ollama } from 'ollama'
import { startConsole } from '../e2e/console-server'
import { emulatedCompletion, startOllamaEmulator, type OllamaEmulator, type OllamaModel } from '../lab/ollama'
import { connectConsole, type ConsoleSocket } from './console-socket'

const tokensPerSecond = 200
const runs = Number(process.env.BENCH_PLAYGROUND_RUNS ?? 20)
const benchmarkRuns = Number(process.env.BENCH_PLAYGROUND_COMPARE_RUNS ?? 12)
const prompt = 'Explain why a Raspberry Pi answers more slowly than a GPU and show a python function that times it'
const numPredict = 200
const hosts = ['127.0.1.98', '127.0.1.99'] as const
const port = 11434

function benchModel(name: string, family: string): OllamaModel {
  return {
    name,
    size: 1_000_000_000,
    digest: name.replace(/[^a-z0-9]/g, '').padEnd(64, '0').slice(0, 64),
    details: { family, parameter_size: '1B', quantization_level: 'Q4_K_M', format: 'gguf' },
    tokensPerSecond
  }
}

const models = [benchModel('fast-a:1b', 'llama'), benchModel('fast-b:1b', 'qwen2')]
const progress = (step: string) => process.stderr.write(`… ${step}\n`)

interface Arrivals {
  readonly firstTokenMs: number
  /** Per token of the answer: ms from sending the request until it arrived. */
  readonly tokenMs: readonly number[]
}

/** Token i's end offset in the answer's text, so a coalesced delta can be split back into tokens. */
function tokenEnds(chunks: readonly string[]): number[] {
  let offset = 0
  return chunks.map((chunk) => (offset += chunk.length))
}

async function direct(url: string, model: string, seed: number): Promise<Arrivals> {
  const client = new Ollama({ host: url })
  const tokenMs: number[] = []
  const sent = performance.now()
  const stream = await client.generate({ model, prompt, stream: true, options: { seed, num_predict: numPredict } })
  for await (const part of stream) if (part.response !== '') tokenMs.push(performance.now() - sent)
  return { firstTokenMs: tokenMs[0]!, tokenMs }
}

async function throughConsole(socket: ConsoleSocket, endpointId: string, model: string, seed: number): Promise<Arrivals> {
  const ends = tokenEnds(emulatedCompletion(model, prompt, { seed, numPredict }).chunks)
  // Deltas can come before the request's reply names the stream: everything is recorded, then sorted out.
  const deltas: { streamId: string; text: string; at: number }[] = []
  const finished = new Map<string, { status: string; error: string | null }>()
  let wake = () => {}
  const listening = [
    socket.on<{ streamId: string; text: string }>('ollama.stream.delta', ({ streamId, text }) => deltas.push({ streamId, text, at: performance.now() - sent })),
    socket.on<{ streamId: string; status: string; error: string | null }>('ollama.stream.end', (end) => {
      finished.set(end.streamId, end)
      wake()
    })
  ]
  const sent = performance.now()
  const { streamId } = (await socket.request('ollama.generate', { endpointId, model, system: '', prompt, options: { seed, num_predict: numPredict } })) as { streamId: string }
  while (!finished.has(streamId)) await new Promise<void>((resolve) => (wake = resolve))
  for (const stopListening of listening) stopListening()
  const end = finished.get(streamId)!
  if (end.status !== 'complete') throw new Error(`the console's answer ended ${end.status}: ${end.error}`)
  const tokenMs: number[] = []
  let received = 0
  for (const delta of deltas.filter((candidate) => candidate.streamId === streamId)) {
    received += delta.text.length
    while (tokenMs.length < ends.length && ends[tokenMs.length]! <= received) tokenMs.push(delta.at)
  }
  if (tokenMs.length !== ends.length) throw new Error(`the console delivered ${tokenMs.length} of ${ends.length} tokens`)
  return { firstTokenMs: tokenMs[0]!, tokenMs }
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}
const percentile = (values: readonly number[], share: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))]!
}

/** Median arrival of each token over the runs. */
function medianArrivals(all: readonly Arrivals[]): number[] {
  return all[0]!.tokenMs.map((_, index) => median(all.map((arrivals) => arrivals.tokenMs[index]!)))
}

async function tokenLatency(url: string, emulator: OllamaEmulator, endpointId: string): Promise<void> {
  const socket = await connectConsole(url)
  const model = models[0]!.name
  // One answer each way first, so the model is loaded and connections are warm.
  await direct(emulator.url, model, 1)
  await throughConsole(socket, endpointId, model, 1)
  const viaDirect: Arrivals[] = []
  const viaConsole: Arrivals[] = []
  for (let run = 0; run < runs; run++) {
    // The same seed both ways: the same tokens at the same pace.
    const seed = 100 + run
    viaDirect.push(await direct(emulator.url, model, seed))
    viaConsole.push(await throughConsole(socket, endpointId, model, seed))
  }
  socket.close()
  const firstDirect = median(viaDirect.map((arrivals) => arrivals.firstTokenMs))
  const firstConsole = median(viaConsole.map((arrivals) => arrivals.firstTokenMs))
  const directTokens = medianArrivals(viaDirect)
  const consoleTokens = medianArrivals(viaConsole)
  const added = consoleTokens.map((at, index) => at - directTokens[index]!)
  const tokens = directTokens.length
  console.log(`token latency: ${runs} answers of ${tokens} tokens at ${tokensPerSecond} tokens/s each way, same emulator, same seeds`)
  console.log(`  ollama client straight to the emulator   first token median ${firstDirect.toFixed(2)} ms`)
  console.log(`  console (WebSocket → core → ollama)      first token median ${firstConsole.toFixed(2)} ms`)
  console.log(`  added to the first token: ${(firstConsole - firstDirect).toFixed(2)} ms (aim < 5 ms)`)
  console.log(
    `  added per token (median arrival, console − direct, over ${tokens} tokens): mean ${(added.reduce((sum, value) => sum + value, 0) / tokens).toFixed(2)} ms, ` +
      `p50 ${median(added).toFixed(2)} ms, p95 ${percentile(added, 0.95).toFixed(2)} ms, max ${Math.max(...added).toFixed(2)} ms`
  )
  console.log('  (later tokens are coalesced into at most one event per 16 ms, one animation frame)')
}

interface LongFrame {
  readonly duration: number
  /** ms after the measurement began. */
  readonly at: number
  /** What ran in it, as Chromium attributes it. */
  readonly scripts: string
}

interface Frames {
  readonly intervals: number[]
  readonly longFrames: LongFrame[]
}

/** Frame intervals (requestAnimationFrame) and long animation frames while `during` runs. */
async function frameTimes(page: Page, during: () => Promise<void>): Promise<Frames> {
  await page.evaluate(() => {
    const began = performance.now()
    const state = { intervals: [] as number[], longFrames: [] as LongFrame[], last: began, on: true, observer: undefined as PerformanceObserver | undefined }
    ;(window as unknown as { __frames: typeof state }).__frames = state
    const tick = (now: number) => {
      if (!state.on) return
      state.intervals.push(now - state.last)
      state.last = now
      requestAnimationFrame(tick)
    }
    requestAnimationFrame((now) => {
      state.last = now
      requestAnimationFrame(tick)
    })
    state.observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const scripts = (entry as unknown as { scripts: { invoker: string; sourceFunctionName: string; duration: number }[] }).scripts
        state.longFrames.push({
          duration: entry.duration,
          at: entry.startTime - began,
          scripts: scripts.map((script) => `${script.invoker} ${script.sourceFunctionName} ${script.duration.toFixed(0)} ms`).join('; ')
        })
      }
    })
    state.observer.observe({ type: 'long-animation-frame', buffered: false })
  })
  await during()
  // A frame that ends the run is reported a little later.
  await page.waitForTimeout(500)
  return page.evaluate(() => {
    const state = (window as unknown as { __frames: Frames & { on: boolean; observer: PerformanceObserver } }).__frames
    state.on = false
    state.observer.disconnect()
    return { intervals: state.intervals, longFrames: state.longFrames }
  })
}

function describeFrames(label: string, frames: Frames): void {
  const { intervals, longFrames } = frames
  const over50 = intervals.filter((ms) => ms > 50).length
  console.log(
    `  ${label.padEnd(44)} ${String(intervals.length).padStart(5)} frames, p50 ${median(intervals).toFixed(1)} ms, p99 ${percentile(intervals, 0.99).toFixed(1)} ms, ` +
      `max ${Math.max(...intervals).toFixed(1)} ms, ${over50} over 50 ms; long animation frames: ${longFrames.length}`
  )
  for (const frame of longFrames) console.log(`    long frame of ${frame.duration.toFixed(0)} ms at ${(frame.at / 1000).toFixed(2)} s: ${frame.scripts}`)
}

async function compareFrames(url: string): Promise<void> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    await page.goto(`${url}#/playground/compare`)
    // tsx names inner functions with a helper that exists only in Node.
    await page.evaluate('window.__name = (fn) => fn')
    await page.getByRole('tab', { name: 'Compare', selected: true }).waitFor()
    const picks = [
      ['AI box A › Ollama', models[0]!.name],
      ['AI box A › Ollama', models[1]!.name],
      ['AI box B › Ollama', models[0]!.name],
      ['AI box B › Ollama', models[1]!.name]
    ] as const
    for (const [index, [endpoint, model]] of picks.entries()) {
      const column = page.getByRole('region', { name: `Column ${index + 1}` })
      if ((await column.count()) === 0) await page.getByRole('button', { name: 'Add column' }).click()
      await column.getByRole('combobox', { name: 'Endpoint' }).selectOption({ label: endpoint })
      await column.getByRole('combobox', { name: 'Model' }).locator('option', { hasText: model }).waitFor({ state: 'attached' })
      await column.getByRole('combobox', { name: 'Model' }).selectOption({ value: model })
    }
    await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill(prompt)
    await page.getByRole('spinbutton', { name: 'Runs' }).fill(String(benchmarkRuns))
    const idle = await frameTimes(page, () => page.waitForTimeout(5000))
    let streamedMs = 0
    const streaming = await frameTimes(page, async () => {
      const started = performance.now()
      await page.getByRole('button', { name: 'Benchmark' }).click()
      await page.getByRole('region', { name: 'Benchmark results' }).getByRole('cell', { name: String(benchmarkRuns), exact: true }).first().waitFor({ timeout: 180_000 })
      await page.getByRole('button', { name: 'Run', exact: true }).and(page.locator(':enabled')).waitFor({ timeout: 60_000 })
      streamedMs = performance.now() - started
    })
    const results = await page.getByRole('region', { name: 'Benchmark results' }).getByRole('table').innerText()
    console.log(`frame times: Compare, 4 columns × ${benchmarkRuns} runs streaming at ${tokensPerSecond} tokens/s each (${(streamedMs / 1000).toFixed(1)} s), Chromium headless`)
    describeFrames('page idle (baseline, same page, 5 s)', idle)
    describeFrames('4 columns streaming', streaming)
    console.log(`  aim: no frame over 50 ms\n  the page's own benchmark table:\n${results.replace(/^/gm, '    ')}`)
  } finally {
    await browser.close()
  }
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'homelab-bench-playground-'))
  const emulators = await Promise.all(hosts.map((host) => startOllamaEmulator({ host, port, models, tokensPerSecond })))
  const inventory = join(work, 'inventory.yaml')
  const node = (id: string, name: string, host: string) =>
    `  - id: ${id}\n    name: ${name}\n    host: ${host}\n    metrics: none\n    services:\n      - { id: ollama, kind: ollama, name: Ollama, url: "http://${host}:${port}" }\n`
  await writeFile(inventory, `name: Playground bench\nnodes:\n${node('ai-a', 'AI box A', hosts[0])}${node('ai-b', 'AI box B', hosts[1])}`)
  const server = await startConsole({ inventory })
  const cleanUp = async () => {
    await server.stop()
    await Promise.all(emulators.map((emulator) => emulator.close()))
    await rm(work, { recursive: true, force: true })
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanUp().finally(() => process.exit(130)))
  try {
    progress('token latency')
    await tokenLatency(server.url, emulators[0]!, 'ai-a/ollama')
    progress('frame times')
    await compareFrames(server.url)
  } finally {
    await cleanUp()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
