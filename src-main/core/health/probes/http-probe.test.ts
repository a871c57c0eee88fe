import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFaultyHttp, type FaultyHttpService } from '../../../../lab/faulty-http'
import { startNginx, type NginxServer } from '../../../../lab/nginx'
import { httpProbe, jsonValueAt, type HttpExpectation, type HttpProbeResult } from './http-probe'

const nginxAddress = '127.0.1.41'
const nginxPort = 8481
let nginx: NginxServer
let nginxDir: string
let faulty: FaultyHttpService

beforeAll(async () => {
  nginxDir = await mkdtemp(join(tmpdir(), 'homelab-nginx-'))
  nginx = await startNginx({ address: nginxAddress, port: nginxPort, dir: nginxDir })
  faulty = await startFaultyHttp('127.0.1.42', 8482)
}, 20_000)

afterAll(async () => {
  await faulty?.close()
  await nginx?.stop()
  if (nginxDir) await rm(nginxDir, { recursive: true, force: true })
})

function probe(url: string, expect?: HttpExpectation, timeoutMs = 1000) {
  return httpProbe({ id: 'web', url, intervalMs: 10_000, timeoutMs, ...(expect && { expect }) })
}

/** Runs the probe the way the scheduler does: aborted at its timeout. */
function runWithTimeout(subject: ReturnType<typeof probe>): Promise<HttpProbeResult> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), subject.timeoutMs)
  return subject.run(controller.signal).finally(() => clearTimeout(timer)) as Promise<HttpProbeResult>
}

describe('the http probe', () => {
  it('finds a real nginx up, with status, latency and a keyword', async () => {
    const result = await runWithTimeout(probe(`http://${nginxAddress}:${nginxPort}/health`, { keyword: 'fine' }))
    expect(result).toMatchObject({ status: 'up', httpStatus: 200 })
    expect(result.latencyMs).toBeGreaterThan(0)
  })

  it('reports nginx’s 404 and a missing keyword as down, with the reason', async () => {
    expect(await runWithTimeout(probe(`http://${nginxAddress}:${nginxPort}/missing`))).toMatchObject({ status: 'down', reason: 'HTTP 404' })
    expect(await runWithTimeout(probe(`http://${nginxAddress}:${nginxPort}/health`, { keyword: 'broken' }))).toMatchObject({
      status: 'down',
      reason: 'the page does not contain "broken"'
    })
  })

  it('checks a JSON value by its path', async () => {
    faulty.fault = 'none'
    expect(await runWithTimeout(probe(faulty.url, { json: { path: 'checks.0.ok', equals: true } }))).toMatchObject({ status: 'up' })
    expect(await runWithTimeout(probe(faulty.url, { json: { path: 'status', equals: 'degraded' } }))).toMatchObject({
      status: 'down',
      reason: 'status is "ok", expected "degraded"'
    })
  })

  it.each([
    ['503', 'HTTP 503'],
    ['hang', 'timeout'],
    ['slow', 'timeout'],
    ['garbage', 'the reply is not HTTP'],
    ['drop', 'the connection dropped during the reply']
  ] as const)('gives a clear reason when the service goes %s', async (fault, reason) => {
    faulty.fault = fault
    expect(await runWithTimeout(probe(faulty.url))).toMatchObject({ status: 'down', reason })
    faulty.fault = 'none'
  })

  it('says "refused" when nothing listens', async () => {
    expect(await runWithTimeout(probe('http://127.0.1.42:8483/health'))).toMatchObject({ status: 'down', reason: 'refused' })
  })

  it('reads JSON paths defensively', () => {
    expect(jsonValueAt('{"a":{"b":[1,2]}}', 'a.b.1')).toEqual({ ok: true, value: 2 })
    expect(jsonValueAt('{"a":1}', 'a.b')).toEqual({ ok: false, reason: 'the reply has no a.b' })
    expect(jsonValueAt('<html>', 'a')).toEqual({ ok: false, reason: 'the reply is not JSON' })
  })
})
