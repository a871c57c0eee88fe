import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { assertPortFree, waitUntil } from './net'
import { startProcess, type ManagedProcess } from './process'

export interface NginxServer {
  process: ManagedProcess
  /** http://<address>:<port> */
  url: string
  stop(): Promise<void>
}

/** The static page a keyword check looks for: GET /health answers a text containing `keyword`. */
export const nginxHealthPage = { path: '/health', keyword: 'fine' } as const

/**
 * Starts Debian's nginx serving a static site from `dir` (which also holds its config, pid file,
 * error log and temp files) on address:port, and resolves once it answers HTTP.
 */
export async function startNginx(options: { address: string; port: number; dir: string }): Promise<NginxServer> {
  const { address, port, dir } = options
  const what = `nginx on ${address}:${port}`
  const url = `http://${address}:${port}`
  await assertPortFree(address, port, what)
  await mkdir(join(dir, 'html'), { recursive: true })
  await mkdir(join(dir, 'temp'), { recursive: true })
  await writeFile(join(dir, 'html', nginxHealthPage.path.slice(1)), `nginx is ${nginxHealthPage.keyword}\n`)
  const configPath = join(dir, 'nginx.conf')
  await writeFile(configPath, nginxConfig(address, port, dir))

  // -e: nginx opens its error log before reading the config; the default one is outside `dir`.
  const nginx = await startProcess(what, '/usr/sbin/nginx', ['-p', dir, '-e', join(dir, 'error.log'), '-c', configPath])
  try {
    await waitUntil(what, () => answers(url), { process: nginx })
  } catch (error) {
    await nginx.stop()
    throw error
  }
  return { process: nginx, url, stop: () => nginx.stop() }
}

/** In the foreground, so the lab owns the process; every path nginx writes stays inside `dir`. */
function nginxConfig(address: string, port: number, dir: string): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `${kind}_temp_path ${dir}/temp;`).join(' ')
  // As root, nginx runs its workers as "nobody", who cannot read a site inside a private (0700)
  // temp or data dir; the lab's workers stay the lab's user. Others ignore the directive with a warning.
  const user = process.getuid?.() === 0 ? 'user root;' : ''
  return `daemon off; ${user} pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events {}
http { access_log off; ${temp}
  server { listen ${address}:${port}; root ${dir}/html; } }
`
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) })
    await response.body?.cancel()
    return true
  } catch {
    return false
  }
}
