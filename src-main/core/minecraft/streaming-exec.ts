import type { Client } from 'ssh2'
import { channelOpenError } from '../ssh/channels'
import { LineSplitter } from './log-lines'

export interface StreamedResult {
  readonly code: number | null
  readonly stderr: string
}

export interface StreamingExecOptions {
  /** Called with each line the command prints, as it prints it. */
  readonly onLine: (line: string) => void
  /** Given up on when it prints nothing for this long: long jobs report progress, so silence means stuck. */
  readonly idleTimeoutMs: number
  /** What the command is, for the timeout's message. */
  readonly what: string
}

const stderrLimit = 8 * 1024

/** Runs a long command on an open connection, reading its output line by line as it comes. */
export function streamingExec(client: Client, command: string, options: StreamingExecOptions): Promise<StreamedResult> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined
    let timedOut = false
    client.exec(command, (error, channel) => {
      if (error) {
        reject(channelOpenError(error))
        return
      }
      const arm = () => {
        clearTimeout(timer)
        timer = setTimeout(() => {
          timedOut = true
          // Ending its input first tells a command that watches it (world-archive.ts) to stop.
          channel.end()
          channel.close()
          reject(new Error(`${options.what} gave no sign of progress for ${Math.round(options.idleTimeoutMs / 1000)} s`))
        }, options.idleTimeoutMs)
      }
      arm()
      const lines = new LineSplitter()
      let stderr = ''
      let code: number | null = null
      channel.on('data', (chunk: Buffer) => {
        arm()
        for (const line of lines.push(chunk)) options.onLine(line)
      })
      channel.stderr.on('data', (chunk: Buffer) => {
        arm()
        if (stderr.length < stderrLimit) stderr += chunk.toString('utf8')
      })
      channel.on('exit', (exitCode: number | null) => (code = exitCode))
      channel.on('close', () => {
        clearTimeout(timer)
        if (timedOut) return
        for (const line of lines.end()) options.onLine(line)
        resolve({ code, stderr })
      })
    })
  })
}
