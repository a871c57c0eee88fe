import { StringDecoder } from 'node:string_decoder'

/** A line longer than this is cut: one runaway line must not hold the main process's memory. */
export const maxLineLength = 16 * 1024

/** Cuts a byte stream into lines, whatever sizes its chunks come in (UTF-8 split mid-character included). */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8')
  private partial = ''

  push(chunk: Buffer): string[] {
    const parts = (this.partial + this.decoder.write(chunk)).split('\n')
    this.partial = capped(parts.pop() ?? '')
    return parts.map((line) => capped(line.endsWith('\r') ? line.slice(0, -1) : line))
  }

  /** What is left when the stream ends: a last line without its newline. */
  end(): string[] {
    const rest = this.partial + this.decoder.end()
    this.partial = ''
    return rest === '' ? [] : [capped(rest)]
  }
}

function capped(line: string): string {
  return line.length > maxLineLength ? `${line.slice(0, maxLineLength)}…` : line
}

/**
 * After a reconnect the log command sends its last lines again: the ones after the last place
 * where `seen` (the lines shown last, oldest first) appears in `backlog`. All of `backlog` when
 * `seen` is not in it: the file was rotated, or more was written while away than came back.
 */
export function linesAfter(seen: readonly string[], backlog: readonly string[]): readonly string[] {
  if (seen.length === 0) return backlog
  for (let end = backlog.length; end >= seen.length; end--) {
    if (seen.every((line, index) => backlog[end - seen.length + index] === line)) return backlog.slice(end)
  }
  return backlog
}
