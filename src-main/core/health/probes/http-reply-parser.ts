/** The head of an HTTP/1.x reply: header names in lower case, repeated headers joined by ", ". */
export interface ReplyHead {
  readonly status: number
  readonly headers: ReadonlyMap<string, string>
}

/** Bytes that are not an HTTP/1.x reply; the code is the one Node's own parser gives such bytes. */
export class NotHttpError extends Error {
  readonly code = 'HPE_INVALID'
}

/** As Node's own parser allows. */
const maxHeadBytes = 16 * 1024
/** A chunk-size line or a trailer line is short; a longer one is not HTTP. */
const maxLineBytes = 4096
const crlf = Buffer.from('\r\n')
const headEnd = Buffer.from('\r\n\r\n')
const httpPrefix = Buffer.from('HTTP/')
const statusLine = /^HTTP\/1\.([01]) ([1-9]\d\d)(?: |$)/
const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const chunkSize = /^([0-9A-Fa-f]{1,12})[ \t]*(?:;.*)?$/

type Framing = 'length' | 'chunked' | 'close' | 'none'
type ChunkState = 'size' | 'data' | 'data-end' | 'trailers'

/**
 * Reads one HTTP/1.x reply to a GET from the bytes of a connection, as they come: the head,
 * then a body framed by Content-Length, by chunks or by the end of the connection (RFC 9112 §6).
 * Keeps at most `maxBodyBytes` of the body; more sets `truncated`, and the caller stops reading.
 * Throws a NotHttpError at the first byte that cannot be HTTP.
 */
export class HttpReplyParser {
  head: ReplyHead | undefined
  complete = false
  truncated = false
  private readonly chunks: Buffer[] = []
  private bodyBytes = 0
  private pending: Buffer | undefined
  private framing: Framing = 'none'
  private left = 0
  private chunkState: ChunkState = 'size'
  private keepAlive = false
  private trailingBytes = false

  constructor(private readonly maxBodyBytes: number) {}

  /** The body read so far (all of it once complete, unless truncated). */
  body(): Buffer {
    return this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.bodyBytes)
  }

  /** Whether the connection may carry the next request: the reply was whole, framed, and the server keeps it open. */
  reusable(): boolean {
    return this.complete && this.keepAlive && !this.trailingBytes && !this.truncated
  }

  push(data: Buffer): void {
    let bytes = data
    if (this.pending) {
      bytes = Buffer.concat([this.pending, data])
      this.pending = undefined
    }
    let offset = 0
    while (offset < bytes.length && !this.complete && !this.truncated) {
      offset = this.head === undefined ? this.readHead(bytes, offset) : this.readBody(bytes, offset)
      if (offset < 0) return
    }
    if (this.complete && offset < bytes.length) this.trailingBytes = true
  }

  /** The connection closed: that ends a body framed by the close, and nothing else. */
  end(): void {
    if (this.head !== undefined && this.framing === 'close' && !this.complete) this.complete = true
  }

  /** Returns where the head ends, or -1 when it has not all come yet. */
  private readHead(bytes: Buffer, offset: number): number {
    // Like Node's parser, tell bytes that are not HTTP at once rather than wait for a head that never comes.
    const start = bytes.subarray(offset, offset + httpPrefix.length)
    if (!httpPrefix.subarray(0, start.length).equals(start)) throw new NotHttpError('the reply does not start with an HTTP status line')
    const end = bytes.indexOf(headEnd, offset)
    if (end < 0 || end - offset > maxHeadBytes) return this.wait(bytes, offset, maxHeadBytes, 'the reply’s head is too large')
    const head = parseHead(bytes.toString('latin1', offset, end))
    // An interim reply (100 Continue, 103 Early Hints) comes before the real one.
    if (head.status >= 100 && head.status < 200) {
      if (head.status === 101) throw new NotHttpError('the server switched protocols')
      return end + 4
    }
    this.head = head
    this.frame(head)
    return end + 4
  }

  private frame({ status, headers, version }: ReplyHead & { version: number }): void {
    const connection = headers.get('connection')?.toLowerCase() ?? ''
    this.keepAlive = version === 1 ? !connection.includes('close') : connection.includes('keep-alive')
    const transferEncoding = headers.get('transfer-encoding')
    const contentLength = headers.get('content-length')
    if (status === 204 || status === 304) this.framing = 'none'
    else if (transferEncoding !== undefined) {
      this.framing = /(?:^|,)\s*chunked\s*$/i.test(transferEncoding) ? 'chunked' : 'close'
      // Both framings at once is how replies are smuggled: read this one, never reuse the connection.
      if (contentLength !== undefined) this.keepAlive = false
    } else if (contentLength !== undefined) {
      this.framing = 'length'
      this.left = parseContentLength(contentLength)
    } else this.framing = 'close'
    if (this.framing === 'close') this.keepAlive = false
    if (this.framing === 'none' || (this.framing === 'length' && this.left === 0)) this.complete = true
  }

  private readBody(bytes: Buffer, offset: number): number {
    switch (this.framing) {
      case 'length': {
        const end = Math.min(bytes.length, offset + this.left)
        this.left -= end - offset
        if (this.keep(bytes, offset, end) && this.left === 0) this.complete = true
        return end
      }
      case 'close':
        this.keep(bytes, offset, bytes.length)
        return bytes.length
      case 'chunked':
        return this.readChunked(bytes, offset)
      case 'none':
        return bytes.length
    }
  }

  private readChunked(bytes: Buffer, offset: number): number {
    switch (this.chunkState) {
      case 'size': {
        const end = bytes.indexOf(crlf, offset)
        if (end < 0 || end - offset > maxLineBytes) return this.wait(bytes, offset, maxLineBytes, 'a chunk size is not HTTP')
        const size = chunkSize.exec(bytes.toString('latin1', offset, end))
        if (!size) throw new NotHttpError('a chunk size is not HTTP')
        this.left = Number.parseInt(size[1]!, 16)
        this.chunkState = this.left === 0 ? 'trailers' : 'data'
        return end + 2
      }
      case 'data': {
        const end = Math.min(bytes.length, offset + this.left)
        this.left -= end - offset
        if (this.keep(bytes, offset, end) && this.left === 0) this.chunkState = 'data-end'
        return end
      }
      case 'data-end':
        if (bytes.length - offset < 2) return this.wait(bytes, offset, 2, 'a chunk does not end where its size says')
        if (bytes[offset] !== 13 || bytes[offset + 1] !== 10) throw new NotHttpError('a chunk does not end where its size says')
        this.chunkState = 'size'
        return offset + 2
      case 'trailers': {
        const end = bytes.indexOf(crlf, offset)
        if (end < 0 || end - offset > maxLineBytes) return this.wait(bytes, offset, maxLineBytes, 'a trailer is not HTTP')
        if (end === offset) this.complete = true
        return end + 2
      }
    }
  }

  /** Keeps the unread bytes for the next push, unless they are already more than a well-formed part could be. */
  private wait(bytes: Buffer, offset: number, limit: number, tooLong: string): number {
    if (bytes.length - offset > limit) throw new NotHttpError(tooLong)
    this.pending = bytes.subarray(offset)
    return -1
  }

  /** Keeps body bytes up to the limit; false once past it. */
  private keep(bytes: Buffer, start: number, end: number): boolean {
    const room = this.maxBodyBytes - this.bodyBytes
    if (end - start > room) {
      end = start + room
      this.truncated = true
    }
    if (end > start) {
      this.chunks.push(bytes.subarray(start, end))
      this.bodyBytes += end - start
    }
    return !this.truncated
  }
}

function parseHead(text: string): ReplyHead & { version: number } {
  const lines = text.split('\r\n')
  const status = statusLine.exec(lines[0]!)
  if (!status) throw new NotHttpError('the reply does not start with an HTTP status line')
  const headers = new Map<string, string>()
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index]!
    const colon = line.indexOf(':')
    const name = line.slice(0, colon).toLowerCase()
    // No colon, or a name that is no token (a folded line starts with a space): not HTTP.
    if (colon <= 0 || !token.test(name)) throw new NotHttpError('a header line is not HTTP')
    const value = line.slice(colon + 1).trim()
    const earlier = headers.get(name)
    headers.set(name, earlier === undefined ? value : `${earlier}, ${value}`)
  }
  return { status: Number(status[2]), version: Number(status[1]), headers }
}

/** One length, or the same one repeated; anything else leaves the body's end unknown. */
function parseContentLength(value: string): number {
  const lengths = new Set(value.split(',').map((part) => part.trim()))
  const [length] = lengths
  if (lengths.size !== 1 || !/^\d{1,15}$/.test(length!)) throw new NotHttpError('the Content-Length is not a length')
  return Number(length)
}
