/**
 * bench/terminal: throughput of `cat` of a 200 MB file through the console into xterm.js in
 * Chromium, against the ceiling (the same bytes written straight into xterm.js in that page) and
 * OpenSSH's own client; then keystroke-to-echo latency through the console against raw ssh2.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { chromium, type Page } from '@playwright/test'
import { Client } from 'ssh2'
import { readFileSync } from 'node:fs'
import { startLab, type Lab } from '../lab/lab'
import { startConsole } from '../e2e/console-server'
import { connectConsole } from './console-socket'

const blockBytes = 1_000_000
/** 200 MB by default; BENCH_TERMINAL_MB makes a quicker run. */
const blocks = Number(process.env.BENCH_TERMINAL_MB ?? 200)
const keystrokes = 200
const root = resolve(import.meta.dirname, '..')

/** Lines of log-like text, 1 MB; the file is this block 200 times. */
function textBlock(): string {
  const lines: string[] = []
  let size = 0
  for (let i = 0; size < blockBytes; i++) {
    const line = `${String(i).padStart(6, '0')} INFO worker-${i % 7} processed job ${(i * 7919) % 100000} in ${(i % 97) + 3} ms, queue ${i % 13}`.padEnd(99, '.')
    lines.push(line)
    size += line.length + 1
  }
  return `${lines.join('\n')}\n`.slice(0, blockBytes)
}

async function writeBigFile(path: string, block: string): Promise<void> {
  const out = createWriteStream(path)
  for (let i = 0; i < blocks; i++) if (!out.write(block)) await once(out, 'drain')
  out.end()
  await once(out, 'finish')
}

const megabytes = (blockBytes * blocks) / 1e6
const progress = (step: string) => process.stderr.write(`… ${step}\n`)
const rate = (ms: number) => megabytes / (ms / 1000)

async function consoleThroughput(page: Page, file: string): Promise<number> {
  // Keyboard, as a host's centre is covered by its containers on the map.
  await page.getByRole('button', { name: /^Lab gateway,/ }).focus()
  await page.keyboard.press('Enter')
  await page.getByRole('complementary', { name: 'Details of Lab gateway' }).getByRole('button', { name: 'Open terminal' }).click()
  const panel = page.getByRole('tabpanel').first()
  await panel.click()
  await page.keyboard.type('echo ready-$((1+1))')
  await page.keyboard.press('Enter')
  await panel.getByText('ready-2').waitFor()
  await page.keyboard.type(`clear; cat ${file}; echo BENCH-$((40+2))`)
  const started = performance.now()
  await page.keyboard.press('Enter')
  await page.waitForFunction(() => document.querySelector('[role="tabpanel"]')?.textContent?.includes('BENCH-42'), undefined, {
    polling: 'raf',
    timeout: Number(process.env.BENCH_TIMEOUT_MS ?? 600_000)
  })
  return performance.now() - started
}

/** The same bytes, with the PTY's \n → \r\n, written straight into a fresh xterm.js of the same size. */
async function xtermCeiling(page: Page, block: string, size: { cols: number; rows: number }): Promise<number> {
  await page.addScriptTag({ path: join(root, 'node_modules/@xterm/xterm/lib/xterm.js') })
  // tsx names inner functions with a helper that exists only in Node.
  await page.evaluate('window.__name = (fn) => fn')
  return page.evaluate(
    async ({ text, times, size }) => {
      const host = document.createElement('div')
      host.style.cssText = 'position:fixed;left:0;top:0;z-index:1000;background:#000'
      document.body.append(host)
      const { Terminal } = (window as unknown as { Terminal: typeof import('@xterm/xterm').Terminal })
      // The console terminal's own font, as text shaping is much of xterm.js's drawing cost.
      const rows = document.querySelector('[role="tabpanel"] .xterm-rows')
      const font = rows ? getComputedStyle(rows) : undefined
      const terminal = new Terminal({
        cols: size.cols,
        rows: size.rows,
        scrollback: 10000,
        ...(font && { fontFamily: font.fontFamily, fontSize: parseFloat(font.fontSize) })
      })
      terminal.open(host)
      const crlf = text.replaceAll('\n', '\r\n')
      const chunk = 64 * 1024
      const started = performance.now()
      // xterm.js drops data past a 50 MB write buffer, so even the ceiling keeps a window
      // (64 chunks, 4 MiB) in flight, far more than the console allows itself.
      const slices: string[] = []
      for (let offset = 0; offset < crlf.length; offset += chunk) slices.push(crlf.slice(offset, offset + chunk))
      await new Promise<void>((done) => {
        const total = slices.length * times
        let written = 0
        let parsed = 0
        const pump = () => {
          while (written < total && written - parsed < 64) {
            terminal.write(slices[written % slices.length]!, () => {
              parsed++
              if (parsed === total) done()
              else pump()
            })
            written++
          }
        }
        pump()
      })
      const elapsed = performance.now() - started
      terminal.dispose()
      host.remove()
      return elapsed
    },
    { text: block, times: blocks, size }
  )
}

async function opensshThroughput(lab: Lab, file: string): Promise<number> {
  const gateway = lab.nodes.find((node) => node.id === 'lab-gateway')!
  const started = performance.now()
  const child = spawn(
    'ssh',
    ['-p', String(gateway.sshPort), '-i', lab.keyPath, '-o', `UserKnownHostsFile=${lab.knownHostsPath}`, '-o', 'BatchMode=yes', `${lab.user}@${gateway.address}`, 'cat', file],
    { stdio: ['ignore', 'ignore', 'inherit'] }
  )
  const [code] = (await once(child, 'exit')) as [number]
  if (code !== 0) throw new Error(`ssh exited with ${code}`)
  return performance.now() - started
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}
function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length * 0.95)]!
}

/** Types one character at a time and waits for its echo, `keystrokes` times. */
async function echoLatencies(send: (data: string) => void, onOutput: (listener: (text: string) => void) => void): Promise<number[]> {
  let waiting: ((text: string) => void) | undefined
  onOutput((text) => waiting?.(text))
  const latencies: number[] = []
  for (let i = 0; i < keystrokes; i++) {
    const echoed = new Promise<void>((done) => (waiting = (text) => text.includes('x') && done()))
    const started = performance.now()
    send('x')
    await echoed
    latencies.push(performance.now() - started)
    waiting = undefined
    if (i % 40 === 39) send('\x15')
    // 30 ms apart: a fast key repeat; a typist is slower still.
    await new Promise((r) => setTimeout(r, 30))
  }
  send('\x15')
  return latencies
}

type TerminalOutput = { readonly terminalId: string; readonly data: string }

/** The size of the page's terminal, so the ceiling draws exactly as much. */
async function consoleTerminalSize(url: string): Promise<{ cols: number; rows: number }> {
  const socket = await connectConsole(url)
  const [terminal] = (await socket.request('terminal.list', {})) as { cols: number; rows: number }[]
  socket.close()
  return { cols: terminal!.cols, rows: terminal!.rows }
}

async function consoleEcho(url: string): Promise<number[]> {
  const socket = await connectConsole(url)
  const { terminalId } = (await socket.request('terminal.open', { nodeId: 'lab-pi', cols: 80, rows: 24 })) as { terminalId: string }
  // Acknowledged as the page does, so flow control sees a live renderer.
  socket.on<TerminalOutput>('terminal.output', (frame) => frame.terminalId === terminalId && void socket.request('terminal.ack', { terminalId, length: frame.data.length }))
  await new Promise<void>((ready) =>
    // The prompt ends in "$ " or "# " (the lab logs in as whoever runs it).
    socket.on<TerminalOutput>('terminal.output', (frame) => frame.terminalId === terminalId && /[$#] $/.test(frame.data) && ready())
  )
  await new Promise((r) => setTimeout(r, 500))
  const latencies = await echoLatencies(
    (data) => void socket.request('terminal.input', { terminalId, data }),
    (listener) => socket.on<TerminalOutput>('terminal.output', (frame) => frame.terminalId === terminalId && listener(frame.data))
  )
  await socket.request('terminal.close', { terminalId })
  socket.close()
  return latencies
}

async function ssh2Echo(lab: Lab): Promise<number[]> {
  const pi = lab.nodes.find((node) => node.id === 'lab-pi')!
  const client = new Client()
  client.connect({ host: pi.address, port: pi.sshPort, username: lab.user, privateKey: readFileSync(lab.keyPath) })
  await once(client, 'ready')
  const channel = await new Promise<import('ssh2').ClientChannel>((done, fail) =>
    client.shell({ term: 'xterm-256color', cols: 80, rows: 24 }, (error, opened) => (error ? fail(error) : done(opened)))
  )
  await new Promise((r) => setTimeout(r, 500))
  const latencies = await echoLatencies(
    (data) => channel.write(data),
    (listener) => channel.on('data', (chunk: Buffer) => listener(chunk.toString()))
  )
  client.end()
  return latencies
}

async function main(): Promise<void> {
  progress('starting the lab and the console')
  const work = await mkdtemp(join(tmpdir(), 'homelab-bench-terminal-'))
  const lab = await startLab({ dataDir: join(work, 'lab'), sshPort: 2290, exporterPort: 9190, healthPort: 8090 })
  const server = await startConsole({ inventory: lab.inventoryPath, knownHosts: lab.knownHostsPath })
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
  const cleanUp = async () => {
    await browser.close()
    await server.stop()
    await lab.stop()
    await rm(work, { recursive: true, force: true })
  }
  // Ctrl-C or a CI timeout must not leave sshd and node_exporter holding the lab's ports.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanUp().finally(() => process.exit(130)))
  try {
    progress('writing the test file')
    const block = textBlock()
    const file = join(work, 'big.txt')
    await writeBigFile(file, block)

    // The injected xterm.js of the ceiling run needs an inline script; the console's CSP forbids it.
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, bypassCSP: true })
    const page = await context.newPage()
    await page.goto(server.url)
    progress('(a) cat through the console')
    const consoleMs = await consoleThroughput(page, file)
    progress('(b) the xterm.js ceiling')
    const size = await consoleTerminalSize(server.url)
    const ceilingMs = await xtermCeiling(page, block, size)
    progress('(c) OpenSSH')
    const opensshMs = await opensshThroughput(lab, file)
    await context.close()

    progress('echo latency')
    const viaConsole = await consoleEcho(server.url)
    const viaSsh2 = await ssh2Echo(lab)

    const line = (label: string, ms: number) => console.log(`  ${label.padEnd(52)} ${rate(ms).toFixed(1).padStart(7)} MB/s  (${(ms / 1000).toFixed(2)} s)`)
    console.log(`cat of a ${megabytes} MB text file from lab-gateway, terminal ${size.cols}×${size.rows}`)
    line('(a) console, headless, until xterm.js showed it all', consoleMs)
    line('(b) ceiling: same bytes straight into xterm.js', ceilingMs)
    line('(c) OpenSSH: ssh node cat file > /dev/null', opensshMs)
    console.log(`  a/b = ${(ceilingMs / consoleMs).toFixed(2)} (aim ≥ 0.80)   a/c = ${(opensshMs / consoleMs).toFixed(2)}`)
    console.log(`keystroke to echo, ${keystrokes} keys on lab-pi`)
    console.log(`  console (WebSocket → core → ssh2):  median ${median(viaConsole).toFixed(2)} ms, p95 ${p95(viaConsole).toFixed(2)} ms`)
    console.log(`  raw ssh2 client:                    median ${median(viaSsh2).toFixed(2)} ms, p95 ${p95(viaSsh2).toFixed(2)} ms`)
    console.log(`  added by the console at the median: ${(median(viaConsole) - median(viaSsh2)).toFixed(2)} ms (aim < 3 ms)`)
  } finally {
    await cleanUp()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
