import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { copyFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'

export interface ConsoleServer {
  readonly url: string
  readonly dataDir: string
  stop(): Promise<void>
}

const serveEntry = resolve(import.meta.dirname, '../out/main/serve.js')

/** The built headless console as a user starts it, each with its own data dir. */
export async function startConsole(options: { readonly inventory?: string; readonly knownHosts?: string } = {}): Promise<ConsoleServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'homelab-e2e-'))
  // The console's own known_hosts: hosts the user already trusted in an earlier session.
  if (options.knownHosts) await copyFile(options.knownHosts, join(dataDir, 'known_hosts'))
  const args = [serveEntry, '--port', '0', '--data-dir', dataDir]
  if (options.inventory) args.push('--inventory', options.inventory)
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const url = await readyUrl(child, () => stderr)
  return {
    url,
    dataDir,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGINT')
        await once(child, 'exit')
      }
      await rm(dataDir, { recursive: true, force: true })
    }
  }
}

function readyUrl(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => fail(new Error(`the console did not start within 20 s: ${stderr()}`)), 20_000)
    const fail = (error: Error) => {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(error)
    }
    child.once('exit', (code) => fail(new Error(`the console exited with ${code}: ${stderr()}`)))
    createInterface({ input: child.stdout! }).once('line', (line) => {
      const match = /^Console ready at (http:\/\/\S+)$/.exec(line)
      clearTimeout(timer)
      if (match?.[1]) resolvePromise(match[1])
      else fail(new Error(`unexpected first line: ${line}`))
    })
  })
}
