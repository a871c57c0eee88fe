import type { ServerResponse } from 'node:http'
import { setTimeout as delay } from 'node:timers/promises'
import { isValidModelName, layersOf, modelKey, type OllamaLayer, type OllamaModel } from './ollama-model'
import { findInstalled, streamFault, type OllamaState } from './ollama-state'
import { collectSink, requestSignal, streamSink, type LineSink } from './ollama-stream'
import { bindJson, nowNs, sendEmpty, sendError, type GoFields } from './ollama-wire'

/**
 * POST /api/pull and DELETE /api/delete as Ollama's PullHandler and DeleteHandler answer them.
 * A pull fetches its model from the emulator's library at `pullBytesPerSecond`, reporting every
 * 60 ms per layer as Ollama's blob download does; blobs already on disk are not fetched again.
 * After "verifying sha256 digest" it hashes what it downloaded and, as Ollama, says nothing meanwhile.
 */

/** What a registry connection lost mid-download makes Ollama say. */
export const pullMidStreamErrorMessage = 'max retries exceeded: unexpected EOF'
/** Ollama's blob download reports progress on this tick. */
const progressTickMs = 60
/** Asking the registry for the manifest takes a round trip. */
const manifestDelayMs = 30

const pullFields: GoFields = { model: 'string', name: 'string', stream: 'bool', insecure: 'bool' }
const deleteFields: GoFields = { model: 'string', name: 'string' }

export async function pullRoute(state: OllamaState, text: string, response: ServerResponse): Promise<void> {
  const bound = bindJson(text, 'PullRequest', pullFields)
  if (!bound.ok) return sendError(response, 400, bound.error)
  const { body } = bound
  const name = stringField(body, 'model') || stringField(body, 'name')
  if (!isValidModelName(name)) return sendError(response, 400, 'invalid model name')
  const fault = streamFault(state, pullMidStreamErrorMessage)
  // Without streaming, Ollama answers its last status alone, typed plain application/json.
  const sink =
    body['stream'] === false ? collectSink(response, fault, (lines) => lines[lines.length - 1] ?? {}, 'application/json') : streamSink(response, fault)
  const signal = requestSignal(response, state.closing)
  try {
    await pull(state, name, sink, signal)
  } catch {
    // The client closed the request: the pull stops where it was, finished blobs stay on disk.
  }
}

async function pull(state: OllamaState, name: string, sink: LineSink, signal: AbortSignal): Promise<void> {
  sink.send({ status: 'pulling manifest' })
  await delay(manifestDelayMs, undefined, { signal })
  const model = state.library.find((candidate) => modelKey(candidate.name) === modelKey(name))
  if (!model) return sink.fail('pull model manifest: file does not exist')
  const previous = findInstalled(state, model.name)
  const previousBlobs = new Set(previous ? layersOf(previous.model).map((layer) => layer.digest) : [])
  const layers = layersOf(model)
  let downloadedBytes = 0
  for (const layer of layers) {
    if (!state.blobs.has(layer.digest)) downloadedBytes += layer.size
    await download(state, layer, sink, signal)
    if (!sink.open) return
    previousBlobs.delete(layer.digest)
  }
  sink.send({ status: 'verifying sha256 digest' })
  // Ollama skips the hash of a blob it already had (a cache hit) and reads every other one whole.
  await delay((downloadedBytes / state.verifyBytesPerSecond) * 1000, undefined, { signal })
  if (!sink.open) return
  sink.send({ status: 'writing manifest' })
  state.installed.set(modelKey(model.name), { model, modifiedAtNs: nowNs() })
  // Current Ollama says this only when the new manifest left blobs of the old one unused.
  if (previousBlobs.size > 0) {
    sink.send({ status: 'removing unused layers' })
    for (const digest of previousBlobs) state.blobs.delete(digest)
  }
  sink.end({ status: 'success' })
}

/** One blob: a first line before any byte arrived (no `completed`), then every tick, then done. */
async function download(state: OllamaState, layer: OllamaLayer, sink: LineSink, signal: AbortSignal): Promise<void> {
  const status = `pulling ${layer.digest.slice(7, 19)}`
  if (state.blobs.has(layer.digest)) {
    return sink.send({ status, digest: layer.digest, total: layer.size, completed: layer.size })
  }
  const start = process.hrtime.bigint()
  const durationMs = (layer.size / state.pullBytesPerSecond) * 1000
  for (let tick = 0; ; tick++) {
    const elapsedMs = Number(process.hrtime.bigint() - start) / 1e6
    // The first report goes out before the blob's first bytes are in.
    const completed = tick === 0 ? 0 : Math.min(layer.size, Math.floor((elapsedMs / 1000) * state.pullBytesPerSecond))
    sink.send({ status, digest: layer.digest, total: layer.size, ...(completed > 0 && { completed }) })
    if (!sink.open || (tick > 0 && completed === layer.size)) break
    const untilTick = (tick + 1) * progressTickMs - elapsedMs
    await delay(Math.max(0, Math.min(untilTick, durationMs - elapsedMs)), undefined, { signal })
  }
  if (sink.open) state.blobs.add(layer.digest)
}

export function deleteRoute(state: OllamaState, text: string, response: ServerResponse): void {
  const bound = bindJson(text, 'DeleteRequest', deleteFields)
  if (!bound.ok) return sendError(response, 400, bound.error)
  const name = stringField(bound.body, 'model') || stringField(bound.body, 'name')
  if (!isValidModelName(name)) return sendError(response, 400, `name ${JSON.stringify(name)} is invalid`)
  const installed = findInstalled(state, name)
  if (!installed) return sendError(response, 404, `model '${name}' not found`)
  state.installed.delete(modelKey(installed.model.name))
  removeUnusedBlobs(state, installed.model)
  sendEmpty(response, 200)
}

/** Deleting a model frees the blobs no other model on disk uses. */
function removeUnusedBlobs(state: OllamaState, removed: OllamaModel): void {
  const used = new Set([...state.installed.values()].flatMap(({ model }) => layersOf(model).map((layer) => layer.digest)))
  for (const layer of layersOf(removed)) if (!used.has(layer.digest)) state.blobs.delete(layer.digest)
}

function stringField(body: Readonly<Record<string, unknown>>, key: string): string {
  const value = body[key]
  return typeof value === 'string' ? value : ''
}
