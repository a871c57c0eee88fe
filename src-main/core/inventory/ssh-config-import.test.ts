import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Inventory, Node, defaultInventory } from '../../../src-shared/inventory'
import { SshConfigPreview } from '../../../src-shared/ssh'
import { previewSshConfig } from './ssh-config-import'

let sshDir: string
let configPath: string

beforeEach(async () => {
  sshDir = join(await mkdtemp(join(tmpdir(), 'homelab-sshconfig-')), '.ssh')
  await mkdir(sshDir)
  configPath = join(sshDir, 'config')
})

afterEach(async () => {
  await rm(join(sshDir, '..'), { recursive: true, force: true })
})

async function write(name: string, text: string): Promise<void> {
  await mkdir(join(sshDir, name, '..'), { recursive: true })
  await writeFile(join(sshDir, name), text)
}

async function preview(text: string | null, inventory: Inventory = defaultInventory) {
  if (text !== null) await write('config', text)
  const result = await previewSshConfig({ configPath, inventory })
  SshConfigPreview.parse(result)
  for (const candidate of result.candidates) Node.parse(candidate.node)
  return result
}

function candidate(result: SshConfigPreview, alias: string) {
  const found = result.candidates.find((entry) => entry.alias === alias)
  if (!found) throw new Error(`no candidate ${alias} in ${result.candidates.map((entry) => entry.alias).join(', ')}`)
  return found
}

describe('previewSshConfig', () => {
  it('makes one candidate per concrete alias, with Host * defaults', async () => {
    const result = await preview(`# my hosts
Host pi Pi.Lan *.internal !bad
  HostName 192.168.1.20
  Port 2222

Host nas
  User admin
  IdentityFile ~/.ssh/nas_ed25519

Host *
  User pi
  IdentityFile ~/.ssh/id_ed25519
`)
    expect(result.problems).toEqual([])
    expect(result.candidates.map((entry) => [entry.alias, entry.node.id])).toEqual([
      ['pi', 'pi'],
      ['Pi.Lan', 'pi-lan'],
      ['nas', 'nas']
    ])
    expect(candidate(result, 'pi').node).toEqual(
      Node.parse({ id: 'pi', name: 'pi', host: '192.168.1.20', role: 'server', ssh: { user: 'pi', port: 2222, key: '~/.ssh/id_ed25519' } })
    )
    const nas = candidate(result, 'nas')
    expect(nas.node).toMatchObject({ host: 'nas', ssh: { user: 'admin', port: 22, key: '~/.ssh/nas_ed25519' } })
    expect(nas.notes).toEqual(['only the first IdentityFile is used; ~/.ssh/id_ed25519 left out'])
    expect(nas.exists).toBe(false)
  })

  it('gives aliases that slug to the same id distinct ids', async () => {
    const result = await preview('Host web_1\n  HostName a\nHost Web-1\n  HostName b\nHost 9lives\n')
    expect(result.candidates.map((entry) => entry.node.id)).toEqual(['web-1', 'web-1-2', '9lives'])
  })

  it('follows Include with globs, relative to the config folder, skipping hidden files', async () => {
    await write('config.d/10-lab.conf', 'Host lab\n  HostName 10.0.0.10\n')
    await write('config.d/20-work.conf', 'Host work\n  HostName 10.0.0.20\n')
    await write('config.d/.30-hidden.conf', 'Host hidden\n')
    const result = await preview('Include config.d/*.conf\nInclude missing.conf\n\nHost home\n  HostName 10.0.0.1\n')
    expect(result.problems).toEqual([])
    expect(result.candidates.map((entry) => entry.alias)).toEqual(['lab', 'work', 'home'])
    expect(candidate(result, 'work').node.host).toBe('10.0.0.20')
  })

  it('applies lines included inside a Host block to that block only', async () => {
    await write('pi-settings', 'User pi\nPort 2200\n')
    const result = await preview('Host pi\n  Include pi-settings\n  HostName 10.0.0.5\n\nHost other\n')
    expect(candidate(result, 'pi').node.ssh).toMatchObject({ user: 'pi', port: 2200 })
    expect(candidate(result, 'pi').node.host).toBe('10.0.0.5')
    expect(candidate(result, 'other').node.ssh).toMatchObject({ port: 22 })
    expect(candidate(result, 'other').node.ssh?.user).toBeUndefined()
  })

  it('reports an include loop once and keeps the hosts it read', async () => {
    await write('a.conf', 'Host a\nInclude b.conf\n')
    await write('b.conf', 'Host b\nInclude a.conf\n')
    const result = await preview('Include a.conf\n')
    expect(result.candidates.map((entry) => entry.alias)).toEqual(['a', 'b'])
    expect(result.problems).toHaveLength(1)
    expect(result.problems[0]).toMatch(/a\.conf: Include loop \(config → a\.conf → b\.conf → a\.conf\)/)
  })

  it('stops including deeper than 16 files', async () => {
    for (let level = 0; level < 20; level++) await write(`level${level}`, `Host h${level}\nInclude level${level + 1}\n`)
    const result = await preview('Include level0\n')
    expect(result.candidates).toHaveLength(16)
    expect(result.problems).toEqual([expect.stringMatching(/level16: Include is nested more than 16 files deep/)])
  })

  it('maps a ProxyJump chain onto jump hosts, the last hop first', async () => {
    const result = await preview(`Host gate
  HostName gate.example.org
Host inner
  HostName 10.1.0.2
Host target
  HostName 10.1.0.3
  ProxyJump gate,inner
Host far
  ProxyJump admin@elsewhere.example.org:2222
Host loop
  ProxyJump loop
`)
    expect(candidate(result, 'target').node.ssh?.jump).toBe('inner')
    expect(candidate(result, 'target').notes).toEqual([])
    expect(candidate(result, 'inner').node.ssh?.jump).toBe('gate')
    expect(candidate(result, 'inner').notes).toEqual(['jumps through "gate" because the ProxyJump of target goes gate,inner'])
    expect(candidate(result, 'gate').node.ssh?.jump).toBeUndefined()
    expect(candidate(result, 'far').node.ssh?.jump).toBeUndefined()
    expect(candidate(result, 'far').notes).toEqual([expect.stringMatching(/hop "admin@elsewhere.example.org:2222" is not a host/)])
    expect(candidate(result, 'loop').node.ssh?.jump).toBeUndefined()
    expect(candidate(result, 'loop').notes).toEqual([expect.stringMatching(/points at this host itself/)])
  })

  it('jumps through an existing inventory node, by id or by host', async () => {
    const inventory = Inventory.parse({
      name: 'Lab',
      nodes: [
        { id: 'bastion', name: 'Bastion', host: '203.0.113.7', ssh: { user: 'ops' } },
        { id: 'gw', name: 'Gateway', host: '10.0.0.1' }
      ]
    })
    const result = await preview('Host a\n  ProxyJump bastion\nHost b\n  ProxyJump 10.0.0.1\nHost c\n  ProxyJump root@bastion\n', inventory)
    expect(candidate(result, 'a').node.ssh?.jump).toBe('bastion')
    expect(candidate(result, 'b').node.ssh?.jump).toBe('gw')
    expect(candidate(result, 'c').node.ssh?.jump).toBeUndefined()
    expect(candidate(result, 'c').notes).toEqual([expect.stringMatching(/hop "root@bastion" is not a host/)])
  })

  it('notes what cannot be carried over', async () => {
    const result = await preview(`Host old
  HostName 10.0.0.9
  ProxyCommand ssh -W %h:%p gate
  LocalForward 8080 localhost:80
  Port http
`)
    expect(candidate(result, 'old').notes).toEqual([
      'ProxyCommand ssh -W %h:%p gate is not supported and was left out',
      'LocalForward 8080 localhost:80 is not supported and was left out',
      'Port http is not a port number; 22 is used'
    ])
  })

  it('marks hosts the inventory already has, by id or by the same login', async () => {
    const inventory = Inventory.parse({
      name: 'Lab',
      nodes: [
        { id: 'nas', name: 'NAS', host: '10.0.0.2' },
        { id: 'media-box', name: 'Media', host: '10.0.0.3', ssh: { user: 'kodi' } }
      ]
    })
    const result = await preview(
      'Host nas\n  HostName nas.lan\nHost media\n  HostName 10.0.0.3\n  User kodi\nHost media-root\n  HostName 10.0.0.3\n  User root\nHost inner\n  ProxyJump media\n',
      inventory
    )
    expect(result.candidates.map((entry) => [entry.alias, entry.node.id, entry.exists])).toEqual([
      ['nas', 'nas', true],
      ['media', 'media-box', true],
      ['media-root', 'media-root', false],
      ['inner', 'inner', false]
    ])
    expect(candidate(result, 'inner').node.ssh?.jump).toBe('media-box')
  })

  it('reports a missing config without throwing', async () => {
    expect(await preview(null)).toEqual({ path: configPath, candidates: [], problems: [`no ~/.ssh/config at ${configPath}`] })
  })

  it('reports a file that is not an ssh config', async () => {
    await writeFile(configPath, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0x1a, 0x0a]))
    const binary = await preview(null)
    expect(binary.candidates).toEqual([])
    expect(binary.problems).toEqual([`${configPath} is not a text file`])
    const unbalanced = await preview('Host "broken\n  HostName x\n')
    expect(unbalanced.problems).toEqual([expect.stringContaining(configPath)])
    const prose = await preview('{"this": "is json"}\n')
    expect(prose.problems).toEqual([expect.stringMatching(/is not an ssh config keyword/)])
  })

  it('reports a config path that is a folder', async () => {
    await mkdir(configPath)
    expect((await preview(null)).problems).toEqual([`${configPath} is not a file`])
  })
})
