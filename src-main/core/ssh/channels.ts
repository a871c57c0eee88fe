import type { Client, ClientChannel } from 'ssh2'

/**
 * Why a channel did not open, in the user's words: ssh2 fails every channel request with "No
 * response from server" when the connection closed under it.
 */
export function channelOpenError(error: Error): Error {
  return error.message === 'No response from server' ? new Error('the SSH connection closed before the server answered') : error
}

/** Opens a TCP stream to host:port from the jump host's side, for the next hop's handshake. */
export function forwardOut(client: Client, host: string, port: number, timeoutMs: number): Promise<ClientChannel> {
  return withTimeout(
    `opening a tunnel to ${host}:${port}`,
    timeoutMs,
    new Promise((resolve, reject) => {
      client.forwardOut('127.0.0.1', 0, host, port, (error, channel) => {
        if (error) {
          reject(channelOpenError(error))
          return
        }
        // When the far end hangs up, the jump host only half-closes the channel; closing our
        // half lets the channel close, which is how the connection riding on it learns it is gone.
        channel.once('end', () => channel.end())
        resolve(channel)
      })
    }),
    (channel) => channel.destroy()
  )
}

export interface ExecResult {
  readonly code: number | null
  readonly signal: string | null
  readonly stdout: string
  readonly stderr: string
}

export interface ExecOptions {
  readonly timeoutMs: number
  /** Output past this is dropped, so a chatty command cannot fill the main process. */
  readonly maxOutputBytes?: number
}

/** Runs one command on an open connection; never waits past the timeout. */
export function execOn(client: Client, command: string, options: ExecOptions): Promise<ExecResult> {
  const limit = options.maxOutputBytes ?? 1 << 20
  return new Promise((resolve, reject) => {
    let channel: ClientChannel | undefined
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      channel?.close()
      reject(new Error(`"${command}" gave no result within ${Math.round(options.timeoutMs / 1000)} s`))
    }, options.timeoutMs)
    client.exec(command, (error, opened) => {
      if (error) {
        clearTimeout(timer)
        reject(channelOpenError(error))
        return
      }
      channel = opened
      // The channel opened after the caller gave up: close it, nobody reads it.
      if (timedOut) opened.close()
      const stdout = boundedCollector(limit)
      const stderr = boundedCollector(limit)
      let code: number | null = null
      let signal: string | null = null
      opened.on('data', stdout.add)
      opened.stderr.on('data', stderr.add)
      opened.on('exit', (exitCode: number | null, exitSignal?: string) => {
        code = exitCode
        signal = exitSignal ?? null
      })
      opened.on('close', () => {
        clearTimeout(timer)
        resolve({ code, signal, stdout: stdout.text(), stderr: stderr.text() })
      })
    })
  })
}

function boundedCollector(limit: number) {
  const chunks: Buffer[] = []
  let size = 0
  return {
    add: (chunk: Buffer) => {
      if (size >= limit) return
      const kept = chunk.subarray(0, limit - size)
      chunks.push(kept)
      size += kept.length
    },
    text: () => Buffer.concat(chunks).toString('utf8')
  }
}

function withTimeout<T>(what: string, timeoutMs: number, promise: Promise<T>, discardLate: (value: T) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      reject(new Error(`${what} took longer than ${Math.round(timeoutMs / 1000)} s`))
    }, timeoutMs)
    promise.then(
      (value) => {
        clearTimeout(timer)
        if (timedOut) discardLate(value)
        else resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      }
    )
  })
}
