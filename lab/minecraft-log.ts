import { createReadStream, createWriteStream, type WriteStream } from 'node:fs'
import { mkdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import type { PaperLogLine, PaperServer } from './paper-server'

/**
 * Paper's logs/latest.log: every line the server logs, in Paper's file pattern
 * "[HH:mm:ss] [thread/LEVEL]: message". Paper strips ANSI codes from this file but not "§"
 * colour codes, which plugins logging legacy strings leave in it. As log4j's
 * OnStartupTriggeringPolicy does, a start first rolls the previous latest.log into
 * logs/yyyy-MM-dd-N.log.gz, so `tail -F` sees the file replaced.
 */

export interface LatestLog {
  readonly path: string
  /** Stops writing and closes the file; safe to call more than once. */
  close(): Promise<void>
}

export function latestLogPath(serverDir: string): string {
  return join(serverDir, 'logs', 'latest.log')
}

/** Rolls over the previous log, then writes every line `server` logs until closed. */
export async function openLatestLog(serverDir: string, server: PaperServer): Promise<LatestLog> {
  const path = latestLogPath(serverDir)
  await mkdir(join(serverDir, 'logs'), { recursive: true })
  await rollOver(path)
  const file = createWriteStream(path, { flags: 'a' })
  await new Promise<void>((resolve, reject) => {
    file.once('open', () => resolve())
    file.once('error', reject)
  })
  const unsubscribe = server.onLog((line) => file.write(formatLine(line)))
  let closed: Promise<void> | undefined
  return {
    path,
    close: () => {
      closed ??= (async () => {
        unsubscribe()
        await endStream(file)
      })()
      return closed
    }
  }
}

/** One line as Paper's file appender writes it, with the lab machine's local time. */
export function formatLine(line: PaperLogLine, at = new Date()): string {
  const time = [at.getHours(), at.getMinutes(), at.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':')
  return `[${time}] [${line.thread}/${line.level}]: ${line.message}\n`
}

/** Compresses a non-empty latest.log to the first free logs/<date of its last write>-N.log.gz, then removes it. */
async function rollOver(path: string): Promise<void> {
  const previous = await stat(path).catch(() => undefined)
  if (!previous) return
  if (previous.size === 0) {
    await rm(path)
    return
  }
  const date = localDate(previous.mtime)
  for (let index = 1; ; index += 1) {
    const target = join(path, '..', `${date}-${index}.log.gz`)
    if (await stat(target).catch(() => undefined)) continue
    await pipeline(createReadStream(path), createGzip(), createWriteStream(target, { flags: 'wx' }))
    await rm(path)
    return
  }
}

function localDate(at: Date): string {
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`
}

function endStream(stream: WriteStream): Promise<void> {
  return new Promise((resolve) => stream.end(() => resolve()))
}
