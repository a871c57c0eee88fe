import WebSocket from 'ws'
import { isRecord } from './backend-http'

/**
 * The console's one WebSocket to a ComfyUI (/ws?clientId=…): progress, the end of each prompt
 * and the binary previews of the prompt running. It reconnects while the backend is open; the
 * client id stays the same across restarts, so prompts sent before a restart still report here.
 */

export interface PromptEvents {
  progress(value: number, max: number): void
  preview(image: Buffer, mime: 'image/png' | 'image/jpeg'): void
  /** The prompt finished, failed or was interrupted: time to read its history. */
  ended(): void
}

const reconnectMs = { first: 500, max: 10_000 }
const maxMessageBytes = 32 * 1024 * 1024

export class ComfyuiSocket {
  private readonly listeners = new Map<string, PromptEvents>()
  private socket: WebSocket | undefined
  private running: string | null = null
  private closed = false
  private retryMs = reconnectMs.first
  private retryTimer: NodeJS.Timeout | undefined

  constructor(
    private readonly url: string,
    private readonly timeoutMs: number
  ) {}

  /** Listens to one prompt; connects on first use. */
  listen(promptId: string, events: PromptEvents): () => void {
    this.listeners.set(promptId, events)
    if (!this.socket && !this.retryTimer) this.connect()
    return () => {
      if (this.listeners.get(promptId) === events) this.listeners.delete(promptId)
    }
  }

  close(): void {
    this.closed = true
    clearTimeout(this.retryTimer)
    this.socket?.terminate()
  }

  private connect(): void {
    if (this.closed) return
    const socket = new WebSocket(this.url, { handshakeTimeout: this.timeoutMs, maxPayload: maxMessageBytes })
    this.socket = socket
    socket.on('open', () => (this.retryMs = reconnectMs.first))
    socket.on('message', (data: Buffer, isBinary) => (isBinary ? this.binary(data) : this.text(data.toString('utf8'))))
    socket.on('error', () => socket.terminate())
    socket.on('close', () => {
      if (this.socket === socket) this.socket = undefined
      if (this.closed || this.listeners.size === 0) return
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined
        this.connect()
      }, this.retryMs)
      this.retryMs = Math.min(reconnectMs.max, this.retryMs * 2)
    })
  }

  private text(text: string): void {
    let message: unknown
    try {
      message = JSON.parse(text)
    } catch {
      return
    }
    if (!isRecord(message) || !isRecord(message['data'])) return
    const data = message['data']
    const promptId = typeof data['prompt_id'] === 'string' ? data['prompt_id'] : undefined
    switch (message['type']) {
      case 'execution_start':
        this.running = promptId ?? null
        return
      case 'progress':
        if (promptId) this.running = promptId
        if (typeof data['value'] === 'number' && typeof data['max'] === 'number') this.listeners.get(promptId ?? '')?.progress(data['value'], data['max'])
        return
      case 'executing':
        if (data['node'] === null) this.end(promptId)
        return
      case 'execution_success':
      case 'execution_error':
      case 'execution_interrupted':
        this.end(promptId)
        return
    }
  }

  private end(promptId: string | undefined): void {
    if (promptId === undefined) return
    if (this.running === promptId) this.running = null
    this.listeners.get(promptId)?.ended()
  }

  /** Type 1 (PREVIEW_IMAGE): a 4-byte format (1 JPEG, 2 PNG) then the image; it belongs to the prompt running. */
  private binary(frame: Buffer): void {
    if (frame.length < 8 || frame.readUInt32BE(0) !== 1 || this.running === null) return
    const format = frame.readUInt32BE(4)
    if (format !== 1 && format !== 2) return
    this.listeners.get(this.running)?.preview(frame.subarray(8), format === 1 ? 'image/jpeg' : 'image/png')
  }
}
