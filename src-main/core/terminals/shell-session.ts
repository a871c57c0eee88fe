import { StringDecoder } from 'node:string_decoder'
import type { Client } from 'ssh2'
import { channelOpenError } from '../ssh/channels'

/** A running shell behind a terminal tab: over SSH or a local PTY. */
export interface ShellSession {
  write(data: string): void
  resize(cols: number, rows: number): void
  pause(): void
  resume(): void
  close(): void
}

export interface ShellHandlers {
  /** Text, decoded so a UTF-8 sequence split across chunks stays whole. */
  onData(text: string): void
  /** `exited`: the shell itself ended; otherwise the connection under it went away. */
  onEnd(end: { exited: boolean; message: string }): void
}

export interface ShellSize {
  readonly cols: number
  readonly rows: number
}

/** Opens an interactive shell with a PTY on an SSH connection. */
export function openSshShell(client: Client, size: ShellSize, handlers: ShellHandlers): Promise<ShellSession> {
  return new Promise((resolve, reject) => {
    client.shell({ term: 'xterm-256color', cols: size.cols, rows: size.rows }, (error, channel) => {
      if (error) {
        reject(channelOpenError(error))
        return
      }
      const decoder = new StringDecoder('utf8')
      let exit: string | undefined
      channel.on('data', (chunk: Buffer) => handlers.onData(decoder.write(chunk)))
      channel.stderr.on('data', (chunk: Buffer) => handlers.onData(decoder.write(chunk)))
      channel.on('exit', (code: number | null, signal?: string) => {
        exit = signal ? `The shell was ended by ${signal}` : `The shell exited with code ${code ?? '?'}`
      })
      channel.on('close', () => {
        handlers.onData(decoder.end())
        handlers.onEnd(exit === undefined ? { exited: false, message: 'the connection closed' } : { exited: true, message: exit })
      })
      resolve({
        write: (data) => channel.write(data),
        resize: (cols, rows) => channel.setWindow(rows, cols, 0, 0),
        pause: () => channel.pause(),
        resume: () => channel.resume(),
        close: () => channel.close()
      })
    })
  })
}
