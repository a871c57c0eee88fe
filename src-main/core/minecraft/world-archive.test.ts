import { execFile } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSshLab, type SshLab } from '../../testing/ssh-lab'
import type { Core } from '../create-core'
import { archiveWorld, restoreWorld } from './world-archive'

const run = promisify(execFile)
let lab: SshLab
let core: Core
/** Holds the gated `tar` the lab's sessions find first on their PATH. */
let gateDir: string
let dir: string

/**
 * A `tar` that starts the archive it creates (as tar does at once), writes its pid to "started"
 * and waits until "open" exists before it is the real tar: a job that takes as long as the test
 * wants, as a big world does.
 */
const gatedTar = (gate: string, realTar: string) =>
  [
    '#!/bin/sh',
    '[ "$1" = -czf ] && : > "$2"',
    `echo $$ > "${gate}/started"`,
    `while [ ! -e "${gate}/open" ]; do sleep 0.05; done`,
    `exec ${realTar} "$@"`,
    ''
  ].join('\n')

beforeAll(async () => {
  gateDir = await mkdtemp(join(tmpdir(), 'homelab-mc-gate-'))
  const realTar = (await run('sh', ['-c', 'command -v tar'])).stdout.trim()
  await writeFile(join(gateDir, 'tar'), gatedTar(gateDir, realTar))
  await chmod(join(gateDir, 'tar'), 0o755)
  lab = await startSshLab({ sshPort: 2287, exporterPort: 9187, healthPort: 8087, sessionEnv: { PATH: `${gateDir}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin` } })
  core = (await lab.startCore()).core
}, 60_000)

afterAll(async () => {
  await writeFile(join(gateDir, 'open'), '').catch(() => undefined)
  await lab?.stop()
  if (gateDir) await rm(gateDir, { recursive: true, force: true })
})

beforeEach(async () => {
  await rm(join(gateDir, 'open'), { force: true })
  await rm(join(gateDir, 'started'), { force: true })
  dir = await mkdtemp(join(tmpdir(), 'homelab-mc-archive-'))
  await mkdir(join(dir, 'srv', 'world'), { recursive: true })
  await writeFile(join(dir, 'srv', 'world', 'level.dat'), 'level as archived')
  await mkdir(join(dir, 'backups'))
  await run('tar', ['-czf', join(dir, 'backups', 'world-20250601-030000.tar.gz'), '-C', join(dir, 'srv'), 'world'])
  await writeFile(join(dir, 'srv', 'world', 'level.dat'), 'level as played since')
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function until(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still not ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** The gated tar's pid once it runs on the node. */
async function tarStarted(): Promise<number> {
  let pid = 0
  await until(async () => {
    pid = Number((await readFile(join(gateDir, 'started'), 'utf8').catch(() => '')).trim())
    return pid > 0
  }, 'running tar on the node')
  return pid
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Processes on the node (this machine) still working on the test's folders: the script, its reporter. */
async function leftOnTheNode(): Promise<string[]> {
  const result = await run('pgrep', ['-f', dir]).catch(() => ({ stdout: '' }))
  return result.stdout.split('\n').filter(Boolean)
}

/** Lets any tar still waiting go on, then gives it the time a tiny archive takes. */
async function openGateAndSettle(): Promise<void> {
  await writeFile(join(gateDir, 'open'), '')
  await new Promise((resolve) => setTimeout(resolve, 500))
}

describe('a job on the node outlives nothing: when the connection goes, tar and the script stop', () => {
  it('archive: tar is stopped, and no archive (whole or partial) is left to list or restore', async () => {
    const client = await core.ssh.pool.acquire('lab-pi')
    const archiving = archiveWorld(client, { world: join(dir, 'srv', 'world'), folder: join(dir, 'backups'), name: 'world-20250602-031500.tar.gz' }, () => undefined)
    const pid = await tarStarted()
    client.end()
    await expect(archiving).rejects.toThrow(/^the archive could not be written/)
    await until(async () => !alive(pid), 'rid of tar on the node')
    await until(async () => (await leftOnTheNode()).length === 0, 'rid of the script and its reporter')
    await openGateAndSettle()
    // Hidden files included: the partial archive is gone too.
    expect(await readdir(join(dir, 'backups'))).toEqual(['world-20250601-030000.tar.gz'])
  })

  it('restore: tar is stopped and the world is never swapped, so a server started again keeps its world', async () => {
    const client = await core.ssh.pool.acquire('lab-pi')
    const world = join(dir, 'srv', 'world')
    const restoring = restoreWorld(client, { world, archive: join(dir, 'backups', 'world-20250601-030000.tar.gz'), aside: `${world}.aside` }, () => undefined)
    const pid = await tarStarted()
    client.end()
    await expect(restoring).rejects.toThrow(/^the archive could not be restored/)
    await until(async () => !alive(pid), 'rid of tar on the node')
    await until(async () => (await leftOnTheNode()).length === 0, 'rid of the script and its reporter')
    await openGateAndSettle()
    expect(await readFile(join(world, 'level.dat'), 'utf8')).toBe('level as played since')
    expect(await readdir(join(dir, 'srv'))).toEqual(['world'])
  })

  it('lets a job the console still waits for finish as before', async () => {
    await writeFile(join(gateDir, 'open'), '')
    const client = await core.ssh.pool.acquire('lab-pi')
    const world = join(dir, 'srv', 'world')
    expect(await restoreWorld(client, { world, archive: join(dir, 'backups', 'world-20250601-030000.tar.gz'), aside: `${world}.aside` }, () => undefined)).toBeGreaterThan(0)
    expect(await readFile(join(world, 'level.dat'), 'utf8')).toBe('level as archived')
    expect(await archiveWorld(client, { world, folder: join(dir, 'backups'), name: 'world-20250602-031500.tar.gz' }, () => undefined)).toBeGreaterThan(0)
    expect((await readdir(join(dir, 'backups'))).sort()).toEqual(['world-20250601-030000.tar.gz', 'world-20250602-031500.tar.gz'])
  })
})
