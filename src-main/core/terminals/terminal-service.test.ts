import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SshConnectionState, TerminalInfo } from '../../../src-shared/ssh'
import { call, nextEvent, startSshLab, type SshLab } from '../../testing/ssh-lab'
import type { Core } from '../create-core'

let ssh: SshLab

setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void

beforeAll(async () => {
  ssh = await startSshLab({ sshPort: 2295, exporterPort: 9195, healthPort: 8095 })
}, 60_000)

afterAll(async () => {
  await ssh?.stop()
})

/** Collects a terminal's output like the renderer does, acknowledging each batch as parsed. */
function screen(core: Core, terminalId: string, options: { ack: boolean } = { ack: true }) {
  let text = ''
  let received = 0
  const waiters = new Set<() => void>()
  const unsubscribe = core.events.subscribe((name, payload) => {
    if (name !== 'terminal.output') return
    const output = payload as { terminalId: string; data: string }
    if (output.terminalId !== terminalId) return
    received += output.data.length
    text = (text + output.data).slice(-1_000_000)
    if (options.ack) void core.dispatch('terminal.ack', { terminalId, length: output.data.length })
    for (const wake of waiters) wake()
  })
  return {
    get text() {
      return text
    },
    get received() {
      return received
    },
    /** Waits until the output (since the last clear) matches. */
    waitFor(pattern: RegExp, ms = 15_000): Promise<void> {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(text)) return
          cleanup()
          resolve()
        }
        const timer = setTimeout(() => {
          cleanup()
          reject(new Error(`no ${pattern} within ${ms} ms; screen ends with ${JSON.stringify(text.slice(-300))}`))
        }, ms)
        const cleanup = () => {
          clearTimeout(timer)
          waiters.delete(check)
        }
        waiters.add(check)
        check()
      })
    },
    clear() {
      text = ''
    },
    stop: unsubscribe
  }
}

async function openTerminal(core: Core, nodeId: string, cols = 80, rows = 24): Promise<TerminalInfo> {
  const info = (await call(core, 'terminal.open', { nodeId, cols, rows })) as TerminalInfo
  await nextEvent(core, 'terminal.state', (state) => state.terminalId === info.terminalId && state.phase === 'open').catch(async (error: unknown) => {
    const [current] = ((await call(core, 'terminal.list', {})) as TerminalInfo[]).filter((t) => t.terminalId === info.terminalId)
    if (current?.phase !== 'open') throw error
  })
  return info
}

const type = (core: Core, terminalId: string, data: string) => call(core, 'terminal.input', { terminalId, data })

describe('terminals on the lab’s OpenSSH', () => {
  it('echoes what is typed in a PTY shell, with the size the renderer asked for', async () => {
    const { core } = await ssh.startCore()
    const { terminalId } = await openTerminal(core, 'lab-gateway', 91, 27)
    const out = screen(core, terminalId)
    await type(core, terminalId, 'echo "answer-$((6*7))"; stty size\r')
    await out.waitFor(/answer-42\s+27 91/)

    await call(core, 'terminal.resize', { terminalId, cols: 120, rows: 40 })
    out.clear()
    await type(core, terminalId, 'stty size\r')
    await out.waitFor(/40 120/)
    out.stop()
  })

  it('keeps multi-byte characters whole across chunk edges', async () => {
    const { core } = await ssh.startCore()
    const { terminalId } = await openTerminal(core, 'lab-pi')
    const out = screen(core, terminalId)
    // 100 000 three-byte characters: chunk edges fall inside characters many times.
    await type(core, terminalId, "head -c 300000 /dev/zero | tr '\\0' 'x' | sed 's/x/€/g' | tr -d '\\n'; echo; echo END-$((1+1))\r")
    await out.waitFor(/END-2/, 30_000)
    expect(out.text).not.toContain('\uFFFD')
    expect(out.text.match(/€/g)?.length ?? 0).toBeGreaterThanOrEqual(100_000)
    out.stop()
  })

  it('refuses keys while the connection waits for a host-key answer, so none run once it is given', async () => {
    const { core } = await ssh.startCore({ trustLab: false })
    const info = (await call(core, 'terminal.open', { nodeId: 'lab-pi', cols: 80, rows: 24 })) as TerminalInfo
    const waiting = async () => ((await call(core, 'ssh.connections', {})) as SshConnectionState[]).find((state) => state.nodeId === 'lab-pi' && state.phase === 'host-key-unknown')
    await expect.poll(waiting, { timeout: 15_000 }).toBeDefined()
    const asked = (await waiting())!
    const out = screen(core, info.terminalId)
    const reply = await core.dispatch('terminal.input', { terminalId: info.terminalId, data: 'touch /tmp/typed-blind\r' })
    expect(reply).toMatchObject({ ok: false, error: { message: expect.stringContaining('waits for an answer about its connection') } })
    await call(core, 'ssh.acceptHostKey', { nodeId: 'lab-pi', fingerprint: asked.presentedKey!.fingerprint })
    await nextEvent(core, 'terminal.state', (state) => state.terminalId === info.terminalId && state.phase === 'open')
    await type(core, info.terminalId, 'echo answered-$((6*7))\r')
    await out.waitFor(/answered-42/)
    expect(out.text).not.toContain('typed-blind')
    out.stop()
  })

  it('pauses a flood while the renderer does not acknowledge, and Ctrl-C stops it', async () => {
    const { core } = await ssh.startCore()
    const { terminalId } = await openTerminal(core, 'lab-worker')
    const out = screen(core, terminalId, { ack: false })
    await type(core, terminalId, 'yes flood\r')
    await out.waitFor(/flood\r?\nflood/)
    // Once past the high-water mark the session is paused: nothing more arrives.
    const unacked = async () => {
      const [info] = ((await call(core, 'terminal.list', {})) as TerminalInfo[]).filter((t) => t.terminalId === terminalId)
      return info!.sentLength - info!.ackedLength
    }
    await expect.poll(unacked, { timeout: 20_000 }).toBeGreaterThan(1024 * 1024)
    const first = out.received
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(out.received).toBe(first)
    expect(await unacked()).toBeLessThanOrEqual(1024 * 1024 + 64 * 1024)

    await type(core, terminalId, '\x03')
    await call(core, 'terminal.ack', { terminalId, length: out.received })
    out.clear()
    const drained = screen(core, terminalId)
    await type(core, terminalId, 'echo stopped-$((2*3))\r')
    await drained.waitFor(/stopped-6/)
    drained.stop()
    out.stop()
  })

  it('sends 200 MB through with flat main-process memory', async () => {
    const { core } = await ssh.startCore()
    const { terminalId } = await openTerminal(core, 'lab-gateway')
    const out = screen(core, terminalId)
    // What the pipeline holds on to, not what the collector has yet to free: RSS and an
    // uncollected heap grow with garbage and made this test depend on the machine's load.
    const retained = () => {
      collectGarbage()
      const { heapUsed, external } = process.memoryUsage()
      return heapUsed + external
    }
    const before = retained()
    let peak = before
    const sampler = setInterval(() => (peak = Math.max(peak, retained())), 250)
    await type(core, terminalId, "head -c 200000000 /dev/zero | tr '\\0' 'y'; echo; echo DONE-$((4*5))\r")
    await out.waitFor(/DONE-20/, 120_000)
    clearInterval(sampler)
    expect(out.received).toBeGreaterThan(200_000_000)
    // The test's own screen keeps 1 MB (2 MB as a string); the rest is the pipeline's buffers,
    // bounded by the unacknowledged high-water mark and the SSH window, not by what went through.
    expect(peak - before).toBeLessThan(32 * 1024 * 1024)
    out.stop()
  }, 150_000)

  it.each(['lab-pi', 'lab-box'])('reconnects a tab on %s when its sshd is killed and comes back, on the same terminal id', async (nodeId) => {
    const { core } = await ssh.startCore()
    const { terminalId } = await openTerminal(core, nodeId)
    const out = screen(core, terminalId)
    await type(core, terminalId, 'echo before-$LAB_NODE\r')
    await out.waitFor(new RegExp(`before-${nodeId}`))

    const lost = nextEvent(core, 'terminal.state', (s) => s.terminalId === terminalId && s.phase === 'reconnecting')
    await ssh.lab.stopSshd(nodeId)
    expect((await lost).message).toMatch(/lost|closed/i)
    // Down for longer than several retries: the tab keeps waiting instead of giving up.
    await new Promise((resolve) => setTimeout(resolve, 2500))
    const [waiting] = ((await call(core, 'terminal.list', {})) as TerminalInfo[]).filter((t) => t.terminalId === terminalId)
    expect(waiting!.phase).toBe('reconnecting')
    const back = nextEvent(core, 'terminal.state', (s) => s.terminalId === terminalId && s.phase === 'open', 30_000)
    await ssh.lab.startSshd(nodeId)
    await back

    await type(core, terminalId, 'echo after-$LAB_NODE\r')
    await out.waitFor(new RegExp(`after-${nodeId}`))
    out.stop()
  }, 60_000)

  it('ends the tab with the reason when the login is refused, instead of waiting forever', async () => {
    const yaml = ssh.inventoryYaml.replace(/(id: lab-pi[\s\S]*?key: )[^\n]+/, '$1/nonexistent/key')
    const { core } = await ssh.startCore({ yaml })
    const { terminalId } = (await call(core, 'terminal.open', { nodeId: 'lab-pi', cols: 80, rows: 24 })) as TerminalInfo
    const failed = await nextEvent(core, 'terminal.state', (s) => s.terminalId === terminalId && s.phase === 'failed')
    expect(failed.message).toContain('Login refused')
  })

  it('replays recent output to a page that attaches again', async () => {
    const { core } = await ssh.startCore()
    const { terminalId } = await openTerminal(core, 'lab-pi')
    const out = screen(core, terminalId)
    await type(core, terminalId, 'echo replay-$((3*3))\r')
    await out.waitFor(/replay-9/)
    const { data } = (await call(core, 'terminal.replay', { terminalId })) as { data: string }
    expect(data).toContain('replay-9')
    await call(core, 'terminal.close', { terminalId })
    expect(await core.dispatch('terminal.input', { terminalId, data: 'x' })).toMatchObject({ ok: false })
    out.stop()
  })
})
