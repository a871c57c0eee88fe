import { z } from 'zod'
import { HealthTransition, NodeHealth, SeriesInput, SeriesReply, TargetRef, UptimeRange, UptimeReply, WakeReply } from './health'
import { GalleryImage, GalleryQuery, ImageJob, ImageRef, ImageWorker, JobParams, JobRef, WorkerId } from './imagegen'
import { Id, Inventory } from './inventory'
import {
  BackupFile,
  BackupName,
  BackupRun,
  BackupSchedule,
  CommandReply,
  LogId,
  LogLines,
  LogState,
  MinecraftServerInfo,
  MinecraftStatus,
  RconCommand,
  ServerRef
} from './minecraft'
import {
  AddEndpointInput,
  ChatSendInput,
  ChatSendReply,
  Conversation,
  ConversationId,
  ConversationSummary,
  EndpointId,
  EndpointModel,
  EndpointOverview,
  GenerateInput,
  OllamaEndpoint,
  PullId,
  PullProgress,
  SavedPrompt,
  SavePromptInput,
  StreamDelta,
  StreamEnd,
  StreamId
} from './ollama'
import {
  SshConfigPreview,
  SshConnectionState,
  TerminalAckInput,
  TerminalId,
  TerminalInfo,
  TerminalInputInput,
  TerminalOpenInput,
  TerminalOutput,
  TerminalResizeInput
} from './ssh'

/**
 * The one contract between the core and the renderer. Every request and event exists here once;
 * the IPC binding, the preload, the WebSocket server and the renderer client are generic over it.
 */

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['desktop', 'headless']),
  dataDir: z.string(),
  platform: z.string()
})
export type AppInfo = z.infer<typeof AppInfo>

/** Where a problem sits in the inventory file, so the user can go and fix it. */
export const InventoryProblem = z.object({
  file: z.string(),
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
  /** Dotted path of the offending value, e.g. "nodes.2.services.0.port". */
  path: z.string().nullable(),
  message: z.string()
})
export type InventoryProblem = z.infer<typeof InventoryProblem>

export const InventorySource = z.object({
  /** "default": no inventory file yet, the console shows This PC and offers the examples. */
  kind: z.enum(['default', 'file']),
  path: z.string()
})
export type InventorySource = z.infer<typeof InventorySource>

export const InventoryState = z.object({
  inventory: Inventory,
  source: InventorySource,
  /** The file's problems; while there are any, `inventory` is the last good one. */
  problems: z.array(InventoryProblem),
  loadedAt: z.number()
})
export type InventoryState = z.infer<typeof InventoryState>

export const ExampleSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  nodeCount: z.number().int(),
  serviceCount: z.number().int()
})
export type ExampleSummary = z.infer<typeof ExampleSummary>

const NoInput = z.object({}).strict()
const NodeRef = z.strictObject({ nodeId: z.string().min(1) })
const HostKeyDecision = z.strictObject({ nodeId: z.string().min(1), fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/) })

function request<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output }
}

export const requests = {
  'app.info': request(NoInput, AppInfo),
  'inventory.get': request(NoInput, InventoryState),
  'inventory.reload': request(NoInput, InventoryState),
  'inventory.examples': request(NoInput, z.array(ExampleSummary)),
  /** Starts the user's inventory from an example; refused once an inventory file exists. */
  'inventory.useExample': request(z.object({ id: z.string().min(1) }).strict(), InventoryState),
  /** Opens a link after the core has checked it is one the user may follow. */
  'shell.openExternal': request(z.object({ url: z.string().max(2048) }).strict(), z.object({ opened: z.boolean() })),

  'ssh.connections': request(NoInput, z.array(SshConnectionState)),
  /** Connects now (or again, after a host key was accepted); resolves once the attempt settles. */
  'ssh.connect': request(NodeRef, SshConnectionState),
  /** Trusts the key the node showed on first sight; the fingerprint must be the one shown. */
  'ssh.acceptHostKey': request(HostKeyDecision, SshConnectionState),
  /** Replaces a known key that changed: a separate, deliberate action, never part of connecting. */
  'ssh.replaceHostKey': request(HostKeyDecision, SshConnectionState),
  /** Answers the pending passphrase or password prompt of a node. */
  'ssh.authenticate': request(
    z.strictObject({ nodeId: z.string().min(1), secret: z.string().min(1).max(4096), remember: z.boolean() }),
    SshConnectionState
  ),
  'ssh.importConfig.preview': request(NoInput, SshConfigPreview),
  /** Adds the chosen hosts of the preview to the inventory file. */
  'ssh.importConfig.apply': request(z.strictObject({ aliases: z.array(z.string().min(1)).min(1).max(500) }), InventoryState),

  'terminal.open': request(TerminalOpenInput, TerminalInfo),
  'terminal.list': request(NoInput, z.array(TerminalInfo)),
  /** The recent output of a terminal, for a page that (re)attaches to it. */
  'terminal.replay': request(z.strictObject({ terminalId: TerminalId }), z.object({ data: z.string() })),
  'terminal.input': request(TerminalInputInput, z.object({})),
  'terminal.resize': request(TerminalResizeInput, z.object({})),
  /** The renderer has parsed this much more output; lets a paused stream go on. */
  'terminal.ack': request(TerminalAckInput, z.object({})),
  'terminal.close': request(z.strictObject({ terminalId: TerminalId }), z.object({})),

  /** The health of every node of the inventory as it is now. */
  'health.snapshot': request(NoInput, z.array(NodeHealth)),
  /** Chart data of a node or service, at most ~400 points a series. */
  'health.series': request(SeriesInput, SeriesReply),
  'health.uptime': request(z.strictObject({ target: TargetRef, range: UptimeRange, slots: z.number().int().min(1).max(400) }), UptimeReply),
  /** The latest status changes, newest first. */
  'health.transitions': request(z.strictObject({ nodeId: Id.optional(), limit: z.number().int().min(1).max(500) }), z.array(HealthTransition)),
  /** Runs every probe of the node now instead of at its next turn. */
  'health.checkNow': request(NodeRef, z.object({})),
  /** Sends the node's wake-on-LAN magic packet. */
  'health.wake': request(NodeRef, WakeReply),

  /** Every `kind: ollama` service of the inventory, then the URLs the user added. */
  'ollama.endpoints': request(NoInput, z.array(OllamaEndpoint)),
  'ollama.addEndpoint': request(AddEndpointInput, OllamaEndpoint),
  'ollama.removeEndpoint': request(z.strictObject({ endpointId: EndpointId }), z.object({})),
  /** Version, models on disk and models in memory of one endpoint; fails with the reason it cannot be reached. */
  'ollama.overview': request(z.strictObject({ endpointId: EndpointId }), EndpointOverview),
  /** Starts a pull; progress comes as `ollama.pull` events. */
  'ollama.pull': request(EndpointModel, PullProgress),
  'ollama.pulls': request(NoInput, z.array(PullProgress)),
  'ollama.cancelPull': request(z.strictObject({ pullId: PullId }), z.object({})),
  'ollama.delete': request(EndpointModel, z.object({})),
  /** Loads a model into memory (keep_alive: how long it stays; -1 for ever) or unloads it. */
  'ollama.load': request(EndpointModel.extend({ keepAlive: z.union([z.literal(-1), z.number().int().min(1).max(7 * 24 * 3600)]) }), z.object({})),
  'ollama.unload': request(EndpointModel, z.object({})),
  /** A one-off answer (compare and benchmark columns), streamed as `ollama.stream.*` events. */
  'ollama.generate': request(GenerateInput, z.object({ streamId: StreamId })),
  /** Stops a streaming answer at once; the text so far is kept, marked stopped. */
  'ollama.stop': request(z.strictObject({ streamId: StreamId }), z.object({})),

  /** Stores the user's message first, then streams the answer as `ollama.stream.*` events. */
  'chat.send': request(ChatSendInput, ChatSendReply),
  /** Conversations, newest first; `query` searches titles and message text. */
  'chat.list': request(z.strictObject({ query: z.string().max(200).optional() }), z.array(ConversationSummary)),
  'chat.get': request(z.strictObject({ conversationId: ConversationId }), Conversation),
  'chat.rename': request(z.strictObject({ conversationId: ConversationId, title: z.string().trim().min(1).max(200) }), ConversationSummary),
  'chat.delete': request(z.strictObject({ conversationId: ConversationId }), z.object({})),
  /** The conversation as a Markdown document, and a file name for it. */
  'chat.export': request(z.strictObject({ conversationId: ConversationId }), z.object({ fileName: z.string(), markdown: z.string() })),

  'prompts.list': request(NoInput, z.array(SavedPrompt)),
  'prompts.save': request(SavePromptInput, SavedPrompt),
  'prompts.delete': request(z.strictObject({ id: z.number().int().positive() }), z.object({})),

  /** Every `kind: minecraft` service of the inventory. */
  'minecraft.servers': request(NoInput, z.array(MinecraftServerInfo)),
  /** Pings the server and asks RCON for `list` and `tps` now. */
  'minecraft.status': request(ServerRef, MinecraftStatus),
  /** Starts streaming the log (last 500 lines first) as `minecraft.log` events until closed. */
  'minecraft.openLog': request(ServerRef, z.object({ logId: LogId })),
  'minecraft.closeLog': request(z.strictObject({ logId: LogId }), z.object({})),
  /** Sends a command over RCON and returns the whole reply; the command joins the history. */
  'minecraft.command': request(ServerRef.extend({ command: RconCommand }), CommandReply),
  /** Commands sent to this server, oldest first (kept across restarts). */
  'minecraft.history': request(ServerRef, z.array(z.string())),
  'minecraft.control': request(ServerRef.extend({ action: z.enum(['start', 'stop', 'restart']) }), MinecraftStatus),
  'minecraft.backups': request(ServerRef, z.array(BackupFile)),
  /** save-off → save-all flush → archive → save-on (always) → rotate; progress as `minecraft.backup` events. */
  'minecraft.backup': request(ServerRef, BackupRun),
  /** Stops the server, restores the archive (the world as it was is kept aside), starts it; `confirm` must repeat the archive's name. */
  'minecraft.restore': request(ServerRef.extend({ file: BackupName, confirm: z.string() }), BackupRun),
  /** Runs under way or finished since the app started, newest first. */
  'minecraft.runs': request(NoInput, z.array(BackupRun)),
  'minecraft.schedule': request(ServerRef, BackupSchedule),
  'minecraft.setSchedule': request(ServerRef.extend({ schedule: BackupSchedule }), BackupSchedule),

  /** Every `kind: imagegen` service of the inventory. */
  'imagegen.workers': request(NoInput, z.array(ImageWorker)),
  /** The checkpoints the worker offers (A1111 sd-models, ComfyUI's checkpoint list, the seed worker's one model). */
  'imagegen.models': request(z.strictObject({ workerId: WorkerId }), z.array(z.string())),
  /** The jobs not finished and the latest finished ones, per worker in queue order; with ComfyUI, also what other clients queued there. */
  'imagegen.jobs': request(z.strictObject({ workerId: WorkerId.optional() }), z.array(ImageJob)),
  /** Queues `count` jobs (a batch), each stored before anything is sent. */
  'imagegen.submit': request(z.strictObject({ workerId: WorkerId, params: JobParams, count: z.number().int().min(1).max(16) }), z.array(ImageJob)),
  /** A queued job is dropped; a running one is interrupted on the worker. */
  'imagegen.cancel': request(JobRef, ImageJob),
  /** A failed or cancelled job queued again as a new job with the same settings. */
  'imagegen.retry': request(JobRef, ImageJob),
  /** The same settings with a new seed, queued. */
  'imagegen.duplicate': request(JobRef, ImageJob),
  /** Moves a queued job before another queued job of its worker, or to the end (null). */
  'imagegen.move': request(z.strictObject({ jobId: z.number().int().positive(), beforeJobId: z.number().int().positive().nullable() }), z.array(ImageJob)),
  /** The running job's latest preview as a data: URL, or null. */
  'imagegen.preview': request(JobRef, z.object({ image: z.string().nullable() })),
  'imagegen.gallery': request(GalleryQuery, z.array(GalleryImage)),
  /** The PNG as a data: URL. */
  'imagegen.image': request(ImageRef, z.object({ dataUrl: z.string() })),
  'imagegen.deleteImage': request(ImageRef, z.object({})),
  /** Shows the file in the system's file manager; false where there is none (headless). */
  'imagegen.reveal': request(ImageRef, z.object({ shown: z.boolean() }))
} as const

export const events = {
  'inventory.changed': InventoryState,
  'ssh.state': SshConnectionState,
  'terminal.state': TerminalInfo,
  /** Batched output, one event per ~16 ms or 64 KiB per terminal. */
  'terminal.output': TerminalOutput,
  /** Nodes whose health changed, batched (at most a few per second). */
  'health.changed': z.object({ nodes: z.array(NodeHealth), removed: z.array(z.string()) }),
  /** A status change: the renderer shows it as a toast where the OS cannot notify. */
  'health.transition': HealthTransition,
  /** More text of a streaming answer. */
  'ollama.stream.delta': StreamDelta,
  /** A streaming answer ended: complete, stopped, interrupted or failed, with its figures. */
  'ollama.stream.end': StreamEnd,
  'ollama.pullProgress': PullProgress,
  /** Models were pulled, deleted, loaded or unloaded on an endpoint: its overview is stale. */
  'ollama.changed': z.object({ endpointId: EndpointId }),
  /** The endpoints changed (inventory or ad-hoc URLs). */
  'ollama.endpoints': z.array(OllamaEndpoint),
  /** New lines of a streamed server log, batched. */
  'minecraft.log': LogLines,
  'minecraft.logState': LogState,
  'minecraft.backup': BackupRun,
  /** A job was queued, changed state or progressed (progress at most a few times a second). */
  'imagegen.job': ImageJob,
  /** A finished image joined the gallery. */
  'imagegen.image': GalleryImage
} as const

export type Requests = typeof requests
export type RequestName = keyof Requests
export type RequestInput<N extends RequestName> = z.input<Requests[N]['input']>
export type RequestOutput<N extends RequestName> = z.output<Requests[N]['output']>
export type Events = typeof events
export type EventName = keyof Events
export type EventPayload<N extends EventName> = z.output<Events[N]>

export const requestNames = Object.keys(requests) as RequestName[]
export const eventNames = Object.keys(events) as EventName[]

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(requests, name)
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name)
}

export const RequestErrorCode = z.enum(['bad-input', 'unknown-request', 'failed', 'disconnected'])
export const RequestError = z.object({
  code: RequestErrorCode,
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional()
})
export type RequestError = z.infer<typeof RequestError>

/** Every reply is a value: a failed request never throws across a process boundary. */
export const Reply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: RequestError })
])
export type Reply = z.infer<typeof Reply>

/** What the preload exposes as `window.homelab`: the contract's requests and events, nothing else. */
export interface HomelabBridge {
  invoke(name: RequestName, input: unknown): Promise<Reply>
  subscribe(listener: (name: EventName, payload: unknown) => void): () => void
}

/** Electron IPC channels, derived here so no other file spells them. */
export const ipcChannels = {
  request: 'homelab:request',
  event: 'homelab:event'
} as const

/** WebSocket frames of the headless mode. */
export const ClientFrame = z.object({
  type: z.literal('request'),
  id: z.number().int().nonnegative(),
  name: z.string(),
  input: z.unknown()
})
export type ClientFrame = z.infer<typeof ClientFrame>

export const ServerFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('reply'), id: z.number().int(), reply: Reply }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() })
])
export type ServerFrame = z.infer<typeof ServerFrame>

/** Where the headless page finds the token that authorises its WebSocket. */
export const tokenParam = 'token'
export const websocketPath = '/ws'
