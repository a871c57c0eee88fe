import { describe, expect, it } from 'vitest'
import { HttpReplyParser, NotHttpError } from './http-reply-parser'

/** Feeds `reply` in pieces cut at `cuts`, then the end of the connection when `closes`. */
function parse(reply: string, { cuts = [] as number[], maxBodyBytes = 1 << 20, closes = false } = {}): HttpReplyParser {
  const bytes = Buffer.from(reply, 'latin1')
  const parser = new HttpReplyParser(maxBodyBytes)
  let from = 0
  for (const cut of [...cuts, bytes.length]) {
    parser.push(bytes.subarray(from, cut))
    from = cut
  }
  if (closes) parser.end()
  return parser
}

function outcome(parser: HttpReplyParser) {
  return {
    status: parser.head?.status,
    body: parser.body().toString('latin1'),
    complete: parser.complete,
    truncated: parser.truncated,
    reusable: parser.reusable()
  }
}

const lengthReply = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{"status":"ok"}'
const chunkedReply =
  'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n' +
  '7\r\nnode_lo\r\n' +
  'A;name=value\r\nad1 0.5\nno\r\n' +
  '5\r\nde_up\r\n' +
  '0\r\nX-Trailer: yes\r\n\r\n'

describe('HttpReplyParser', () => {
  it('reads a reply framed by Content-Length, whole or cut anywhere', () => {
    const whole = outcome(parse(lengthReply))
    expect(whole).toEqual({ status: 200, body: '{"status":"ok"}', complete: true, truncated: false, reusable: true })
    for (let cut = 1; cut < lengthReply.length; cut++) expect(outcome(parse(lengthReply, { cuts: [cut] }))).toEqual(whole)
    expect(parse(lengthReply).head?.headers.get('content-type')).toBe('application/json')
  })

  it('reads a chunked reply with extensions and trailers, whole or cut anywhere', () => {
    const whole = outcome(parse(chunkedReply))
    expect(whole).toEqual({ status: 200, body: 'node_load1 0.5\nnode_up', complete: true, truncated: false, reusable: true })
    for (let cut = 1; cut < chunkedReply.length; cut++) expect(outcome(parse(chunkedReply, { cuts: [cut] }))).toEqual(whole)
    const everyByte = Array.from({ length: chunkedReply.length - 1 }, (_, index) => index + 1)
    expect(outcome(parse(chunkedReply, { cuts: everyByte }))).toEqual(whole)
  })

  it('waits for the close when nothing else frames the body, and does not reuse that connection', () => {
    const reply = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end'
    expect(outcome(parse(reply))).toMatchObject({ complete: false })
    expect(outcome(parse(reply, { closes: true }))).toEqual({ status: 200, body: 'until the end', complete: true, truncated: false, reusable: false })
  })

  it('knows the replies that have no body', () => {
    expect(outcome(parse('HTTP/1.1 204 No Content\r\n\r\n'))).toMatchObject({ status: 204, body: '', complete: true, reusable: true })
    expect(outcome(parse('HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n'))).toMatchObject({ status: 304, complete: true })
  })

  it('skips interim replies and reads the real one', () => {
    const reply = `HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n${lengthReply}`
    expect(outcome(parse(reply))).toMatchObject({ status: 200, body: '{"status":"ok"}', complete: true })
  })

  it('reuses a connection only when the server keeps it open', () => {
    expect(parse('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n').reusable()).toBe(false)
    expect(parse('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n').reusable()).toBe(false)
    expect(parse('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n').reusable()).toBe(true)
    // Bytes past the reply, or both framings at once: something is off with this connection.
    expect(parse(`${lengthReply}HTTP/1.1 200 OK\r\n`).reusable()).toBe(false)
    expect(parse('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n').reusable()).toBe(false)
  })

  it('keeps at most maxBodyBytes, then says the body was cut off', () => {
    expect(outcome(parse(lengthReply, { maxBodyBytes: 5 }))).toEqual({ status: 200, body: '{"sta', complete: false, truncated: true, reusable: false })
    expect(outcome(parse(chunkedReply, { maxBodyBytes: 10 }))).toMatchObject({ body: 'node_load1', truncated: true })
    expect(outcome(parse(lengthReply, { maxBodyBytes: 15 }))).toMatchObject({ complete: true, truncated: false })
  })

  it.each([
    ['bytes that are no status line', '\x00\x01 this is not http\r\n\r\n'],
    ['an SSH banner', 'SSH-2.0-OpenSSH_9.2\r\n'],
    ['an HTML page', '<html><body>hello</body></html>'],
    ['a status line without a status', 'HTTP/1.1 OK\r\n\r\n'],
    ['a header line without a colon', 'HTTP/1.1 200 OK\r\nContent-Length 3\r\n\r\nabc'],
    ['a folded header line', 'HTTP/1.1 200 OK\r\nX-A: 1\r\n  continued\r\nContent-Length: 0\r\n\r\n'],
    ['two different lengths', 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd'],
    ['a length that is no number', 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n'],
    ['a chunk size that is no hex number', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
    ['a chunk longer than its size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n'],
    ['a switch of protocols', 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n'],
    ['a head that never ends', `HTTP/1.1 200 OK\r\n${'X-Filler: 0123456789\r\n'.repeat(1000)}`]
  ])('throws a NotHttpError on %s', (_, reply) => {
    expect(() => parse(reply)).toThrow(NotHttpError)
  })

  it('tells bytes that are not HTTP from the first of them, without waiting for a whole head', () => {
    const parser = new HttpReplyParser(1024)
    expect(() => parser.push(Buffer.from('HTTP/1.1 2'))).not.toThrow()
    expect(() => new HttpReplyParser(1024).push(Buffer.from('HT'))).not.toThrow()
    expect(() => new HttpReplyParser(1024).push(Buffer.from('SSH-2.0'))).toThrow(NotHttpError)
  })
})
