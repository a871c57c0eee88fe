import { randomUUID } from 'node:crypto'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import type { IncomingMessage } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { PromptExecutor } from './comfyui-executor'
import { nodeClasses } from './comfyui-nodes'
import { PromptQueue } from './comfyui-queue'
import { enqueue, handleRequest, queueInfo, type ComfyServer } from './comfyui-routes'
import type { ApiPrompt } from './comfyui-validate'
import { forbiddenOrigin, messageText, previewFrame, rejectUpgrade } from './comfyui-wire'
import { listenEmulator, type ConnectionFault } from './http-emulator'
import type { JobFault } from './imagegen-steps'

/**
 * ComfyUI's server (server.py on aiohttp) for the lab: POST /prompt validating API-format
 * workflows, its own queue run one prompt at a time, /queue, /interrupt, /history, /view,
 * /object_info, /system_stats, every route also under /api, and the /ws WebSocket with its
 * JSON events and binary previews. Like ComfyUI, it refuses requests a browser sends from
 * another site.
 */

export type { ConnectionFault } from './http-emulator'
export type { JobFault } from './imagegen-steps'

export interface ComfyuiEmulatorOptions {
  readonly host: string
  readonly port: number
  /** models/checkpoints */
  readonly checkpoints?: readonly string[]
  /** Holds output/ and temp/; a temporary folder, removed on close, unless told. */
  readonly dataDir?: string
  /** 0.15 unless told. */
  readonly secondsPerStep?: number
  /** How long CheckpointLoaderSimple takes; 1 s unless told. */
  readonly loadSeconds?: number
  /**
   * Binary preview frames during sampling, as with --preview-method auto; ComfyUI's default is
   * none. The emulator sends PNG previews (format 2); ComfyUI's latent previews are JPEG (1).
   */
  readonly previews?: boolean
}

export interface ComfyuiEmulator {
  /** http://host:port, as a user would configure it. */
  readonly url: string
  readonly outputDir: string
  fault: ConnectionFault
  /** Read when a node starts. */
  jobFault: JobFault
  /** Queues a prompt as another client (the ComfyUI page, a script) would; returns its prompt_id. */
  queueFromOtherClient(prompt: ApiPrompt, clientId?: string): string
  close(): Promise<void>
}

export const defaultComfyuiCheckpoints = ['sd_xl_base_1.0.safetensors', 'v1-5-pruned-emaonly.safetensors', 'dreamshaper_8.safetensors']

export async function startComfyuiEmulator(options: ComfyuiEmulatorOptions): Promise<ComfyuiEmulator> {
  const { host, port } = options
  const ownsDataDir = options.dataDir === undefined
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'comfyui-')))
  const [outputDir, tempDir, inputDir] = ['output', 'temp', 'input'].map((folder) => join(dataDir, folder)) as [string, string, string]
  await Promise.all([outputDir, tempDir, inputDir].map((folder) => mkdir(folder, { recursive: true })))
  const classes = nodeClasses(options.checkpoints ?? defaultComfyuiCheckpoints)
  const closing = new AbortController()
  const sockets = new Map<string, WebSocket>()
  const send = (event: string, data: unknown, sid: string | null) => deliver(sockets, sid, messageText(event, data))
  const server: ComfyServer = {
    classes,
    queue: new PromptQueue(() => send('status', { status: queueInfo(server) }, null)),
    executor: new PromptExecutor({
      outputDir,
      tempDir,
      secondsPerStep: options.secondsPerStep ?? 0.15,
      loadSeconds: options.loadSeconds ?? 1,
      previews: options.previews ?? true,
      send,
      sendPreview: (png, sid) => deliver(sockets, sid, previewFrame(png)),
      jobFault: () => server.jobFault,
      closing: closing.signal
    }),
    outputDir,
    tempDir,
    inputDir,
    sockets,
    send,
    number: 0,
    fault: 'none',
    jobFault: 'none'
  }
  const webSockets = new WebSocketServer({ noServer: true })
  let http: Awaited<ReturnType<typeof listenEmulator>>
  try {
    http = await listenEmulator('ComfyUI emulator', host, port, (request, response) => handleRequest(server, request, response))
  } catch (error) {
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true })
    throw error
  }
  http.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (server.fault === 'drop') return socket.destroy()
    if (server.fault === 'hang') return
    const url = new URL(request.url ?? '/', 'http://comfyui')
    if (forbiddenOrigin(request)) return rejectUpgrade(socket, 403, 'Forbidden')
    if (url.pathname !== '/ws' && url.pathname !== '/api/ws') return rejectUpgrade(socket, 404, 'Not Found')
    webSockets.handleUpgrade(request, socket, head, (ws) => connect(server, ws, url.searchParams.get('clientId') ?? ''))
  })
  runPrompts(server, closing.signal).catch((error: unknown) => console.error(`ComfyUI emulator: the prompt worker stopped: ${String(error)}`))

  return {
    url: `http://${host}:${port}`,
    outputDir,
    get fault() {
      return server.fault
    },
    set fault(fault: ConnectionFault) {
      server.fault = fault
      if (fault === 'drop') for (const ws of sockets.values()) ws.terminate()
    },
    get jobFault() {
      return server.jobFault
    },
    set jobFault(fault: JobFault) {
      server.jobFault = fault
    },
    queueFromOtherClient(prompt, clientId = 'other-client') {
      const outcome = enqueue(server, { prompt: structuredClone(prompt), client_id: clientId })
      const promptId = outcome?.ok ? outcome.body['prompt_id'] : undefined
      if (typeof promptId !== 'string') throw new Error(`ComfyUI refused the prompt: ${JSON.stringify(outcome?.body)}`)
      return promptId
    },
    close: async () => {
      closing.abort()
      for (const ws of sockets.values()) ws.terminate()
      webSockets.close()
      await http.close()
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true })
    }
  }
}

/** The prompt worker: one prompt at a time, its history written before "executing: null" is sent. */
async function runPrompts(server: ComfyServer, closing: AbortSignal): Promise<void> {
  for (let next = await server.queue.take(closing); next; next = await server.queue.take(closing)) {
    const [, promptId, prompt, extraData, outputs] = next.item
    const execution = await server.executor.execute(prompt, promptId, extraData, outputs)
    if (!execution) return
    server.queue.done(
      next.taskId,
      { outputs: execution.outputs, meta: execution.meta },
      { status_str: execution.success ? 'success' : 'error', completed: execution.success, messages: execution.messages }
    )
    const clientId = server.executor.clientId
    if (clientId !== null) server.send('executing', { node: null, prompt_id: promptId }, clientId)
  }
}

/** A client connects: it replaces an older socket of the same id, and hears the queue's state first. */
function connect(server: ComfyServer, ws: WebSocket, clientId: string): void {
  const sid = clientId || randomUUID().replaceAll('-', '')
  server.sockets.get(sid)?.terminate()
  server.sockets.set(sid, ws)
  ws.once('close', () => {
    if (server.sockets.get(sid) === ws) server.sockets.delete(sid)
  })
  ws.on('error', () => ws.terminate())
  server.send('status', { status: queueInfo(server), sid }, sid)
  // A client that comes back while its prompt runs is told which node is running.
  if (server.executor.clientId === sid && server.executor.lastNodeId !== null) server.send('executing', { node: server.executor.lastNodeId }, sid)
}

function deliver(sockets: ReadonlyMap<string, WebSocket>, sid: string | null, frame: string | Buffer): void {
  const targets = sid === null ? [...sockets.values()] : [sockets.get(sid)]
  for (const ws of targets) if (ws?.readyState === ws?.OPEN) ws?.send(frame)
}
