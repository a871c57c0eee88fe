import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { describeHostKey } from './host-key'
import { KnownHosts, knownHostsName, parseKnownHosts } from './known-hosts'

const run = promisify(execFile)

interface TestKey {
  readonly blob: Buffer
  /** "ssh-ed25519 AAAA…", as it follows the host names on a known_hosts line. */
  readonly text: string
}

let root: string
let dir: string
let userFile: string
let ownFile: string
let keyA: TestKey
let keyB: TestKey
let keyC: TestKey

async function generateKey(name: string): Promise<TestKey> {
  const path = join(root, name)
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path])
  const [algorithm, base64] = (await readFile(`${path}.pub`, 'utf8')).split(' ')
  return { blob: Buffer.from(base64 ?? '', 'base64'), text: `${algorithm} ${base64}` }
}

/** Hashes a known_hosts file's names with ssh-keygen -H, as HashKnownHosts does. */
async function hashWithSshKeygen(text: string): Promise<string> {
  const path = join(dir, `hash-${Math.random().toString(36).slice(2)}`)
  await writeFile(path, text)
  await run('ssh-keygen', ['-H', '-f', path])
  return readFile(path, 'utf8')
}

/** A KnownHosts over a missing user file, the test's user file and its own file in data/. */
async function knownHosts(options: { user?: string; own?: string } = {}): Promise<KnownHosts> {
  if (options.user !== undefined) await writeFile(userFile, options.user)
  if (options.own !== undefined) {
    await mkdir(join(dir, 'data'), { recursive: true })
    await writeFile(ownFile, options.own)
  }
  const missing = join(dir, 'no-such-dir', 'known_hosts')
  return new KnownHosts({ userFiles: [missing, userFile], ownFile })
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'homelab-known-hosts-'))
  ;[keyA, keyB, keyC] = await Promise.all([generateKey('a'), generateKey('b'), generateKey('c')])
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

beforeEach(async () => {
  dir = await mkdtemp(join(root, 'case-'))
  userFile = join(dir, 'user_known_hosts')
  ownFile = join(dir, 'data', 'known_hosts')
})

describe('knownHostsName', () => {
  it('uses the bare host on port 22 and [host]:port otherwise, lowercased as ssh does', () => {
    expect(knownHostsName('pi.lan', 22)).toBe('pi.lan')
    expect(knownHostsName('pi.lan', 2222)).toBe('[pi.lan]:2222')
    expect(knownHostsName('Pi.LAN', 22)).toBe('pi.lan')
  })
})

describe('parseKnownHosts', () => {
  it('skips comments, blank and garbage lines and keeps the line numbers', () => {
    const text = [
      '# a comment',
      '',
      'garbage',
      `pi.lan ssh-ed25519 !!!not-base64!!!`,
      `pi.lan ssh-rsa ${keyA.text.split(' ')[1]}`,
      `@cert-authority *.lan ${keyA.text}`,
      `@nonsense pi.lan ${keyA.text}`,
      `|1|c2FsdA==|aGFzaA== ${keyA.text}`,
      '\u0000\u00ff binary',
      `pi.lan ${keyA.text} a trailing comment`,
      `  @revoked * ${keyB.text}\r`,
      `nas.lan,[nas.lan]:2222 ${keyC.text}`
    ].join('\n')

    const entries = parseKnownHosts(text)

    expect(entries.map((entry) => entry.line)).toEqual([10, 11, 12])
    expect(entries[0]).toMatchObject({ revoked: false, algorithm: 'ssh-ed25519', names: { kind: 'patterns', patterns: ['pi.lan'] } })
    expect(entries[0]?.keyBlob.equals(keyA.blob)).toBe(true)
    expect(entries[1]).toMatchObject({ revoked: true, names: { kind: 'patterns', patterns: ['*'] } })
    expect(entries[2]?.names).toEqual({ kind: 'patterns', patterns: ['nas.lan', '[nas.lan]:2222'] })
  })
})

describe('KnownHosts.verify', () => {
  it('says unknown when no file exists, and creates none', async () => {
    const hosts = await knownHosts()
    expect(await hosts.verify('pi.lan', 22, keyA.blob)).toEqual({ verdict: 'unknown' })
    await expect(stat(ownFile)).rejects.toThrow()
  })

  it('matches the [host]:port form only on that port', async () => {
    const hosts = await knownHosts({ user: `[pi.lan]:2222 ${keyA.text}\n` })
    expect(await hosts.verify('pi.lan', 2222, keyA.blob)).toEqual({ verdict: 'trusted' })
    expect(await hosts.verify('pi.lan', 22, keyA.blob)).toEqual({ verdict: 'unknown' })
  })

  it('matches names hashed by ssh-keygen -H', async () => {
    const hashed = await hashWithSshKeygen(`pi.lan ${keyA.text}\n[nas.lan]:2222 ${keyB.text}\n`)
    expect(hashed).not.toContain('lan')
    expect(parseKnownHosts(hashed).map((entry) => entry.names.kind)).toEqual(['hashed', 'hashed'])
    const hosts = await knownHosts({ user: hashed })

    expect(await hosts.verify('pi.lan', 22, keyA.blob)).toEqual({ verdict: 'trusted' })
    expect(await hosts.verify('nas.lan', 2222, keyB.blob)).toEqual({ verdict: 'trusted' })
    expect(await hosts.verify('nas.lan', 22, keyB.blob)).toEqual({ verdict: 'unknown' })
    expect(await hosts.verify('pi.lan', 22, keyB.blob)).toEqual({
      verdict: 'changed',
      known: [describeHostKey(keyA.blob)],
      file: userFile,
      line: 1
    })
  })

  it('honours * and ? wildcards and !negation, case-insensitively', async () => {
    const hosts = await knownHosts({ user: `*.lan,!nas.lan ${keyA.text}\nweb?? ${keyB.text}\n` })
    expect(await hosts.verify('pi.lan', 22, keyA.blob)).toEqual({ verdict: 'trusted' })
    expect(await hosts.verify('PI.Lan', 22, keyA.blob)).toEqual({ verdict: 'trusted' })
    expect(await hosts.verify('nas.lan', 22, keyA.blob)).toEqual({ verdict: 'unknown' })
    expect(await hosts.verify('pi.lan.example', 22, keyA.blob)).toEqual({ verdict: 'unknown' })
    expect(await hosts.verify('web01', 22, keyB.blob)).toEqual({ verdict: 'trusted' })
    expect(await hosts.verify('web1', 22, keyB.blob)).toEqual({ verdict: 'unknown' })
  })

  it('refuses a @revoked key even where another line or the own file trusts it', async () => {
    const hosts = await knownHosts({
      user: `@revoked *.lan ${keyA.text}\npi.lan ${keyA.text}\n@revoked other ${keyB.text}\n`,
      own: `pi.lan ${keyA.text}\npi.lan ${keyB.text}\n`
    })
    expect(await hosts.verify('pi.lan', 22, keyA.blob)).toEqual({ verdict: 'revoked', file: userFile, line: 1 })
    expect(await hosts.verify('pi.lan', 22, keyB.blob)).toEqual({ verdict: 'trusted' })
  })

  it('ignores @cert-authority lines', async () => {
    const hosts = await knownHosts({ user: `@cert-authority *.lan ${keyA.text}\n` })
    expect(await hosts.verify('pi.lan', 22, keyA.blob)).toEqual({ verdict: 'unknown' })
  })

  it('reports every known key and the first line when none matches', async () => {
    const hosts = await knownHosts({ user: `# lab\npi.lan ${keyA.text}\npi.lan,nas.lan ${keyB.text}\n*.lan ${keyA.text}\n` })
    expect(await hosts.verify('pi.lan', 22, keyC.blob)).toEqual({
      verdict: 'changed',
      known: [describeHostKey(keyA.blob), describeHostKey(keyB.blob)],
      file: userFile,
      line: 2
    })
  })

  it("lets the own file's entries override the user's files", async () => {
    const hosts = await knownHosts({ user: `pi.lan ${keyA.text}\nnas.lan ${keyA.text}\n`, own: `pi.lan ${keyB.text}\n` })
    expect(await hosts.verify('pi.lan', 22, keyB.blob)).toEqual({ verdict: 'trusted' })
    expect(await hosts.verify('pi.lan', 22, keyA.blob)).toEqual({
      verdict: 'changed',
      known: [describeHostKey(keyB.blob)],
      file: ownFile,
      line: 1
    })
    expect(await hosts.verify('nas.lan', 22, keyA.blob)).toEqual({ verdict: 'trusted' })
  })

  it('re-reads the files on every call', async () => {
    const hosts = await knownHosts()
    expect(await hosts.verify('pi.lan', 22, keyA.blob)).toEqual({ verdict: 'unknown' })
    await writeFile(userFile, `pi.lan ${keyA.text}\n`)
    expect(await hosts.verify('pi.lan', 22, keyA.blob)).toEqual({ verdict: 'trusted' })
    await writeFile(userFile, `pi.lan ${keyB.text}\n`)
    expect(await hosts.verify('pi.lan', 22, keyA.blob)).toMatchObject({ verdict: 'changed' })
  })

  it('names the file it cannot read', async () => {
    await mkdir(ownFile, { recursive: true })
    const hosts = await knownHosts()
    await expect(hosts.verify('pi.lan', 22, keyA.blob)).rejects.toThrow(`Cannot read the known_hosts file ${ownFile}`)
  })
})

describe('KnownHosts.trust', () => {
  it('creates the own file 0600 in a new folder, and is then trusted', async () => {
    const hosts = await knownHosts()
    await hosts.trust('pi.lan', 2222, keyA.blob)
    await hosts.trust('pi.lan', 2222, keyA.blob)

    expect(await readFile(ownFile, 'utf8')).toBe(`[pi.lan]:2222 ${keyA.text}\n`)
    expect((await stat(ownFile)).mode & 0o777).toBe(0o600)
    expect(await hosts.verify('pi.lan', 2222, keyA.blob)).toEqual({ verdict: 'trusted' })
  })

  it('appends after a last line without a newline', async () => {
    const hosts = await knownHosts({ own: `nas.lan ${keyB.text}` })
    await hosts.trust('pi.lan', 22, keyA.blob)
    expect(await readFile(ownFile, 'utf8')).toBe(`nas.lan ${keyB.text}\npi.lan ${keyA.text}\n`)
  })

  it('refuses a different key for a known host, a revoked key and a blob that is no key', async () => {
    const hosts = await knownHosts({ user: `nas.lan ${keyA.text}\n@revoked * ${keyC.text}\n`, own: `pi.lan ${keyA.text}\n` })
    await expect(hosts.trust('pi.lan', 22, keyB.blob)).rejects.toThrow(`pi.lan already has a different host key in ${ownFile} line 1`)
    await expect(hosts.trust('nas.lan', 22, keyB.blob)).rejects.toThrow(/different host key/)
    await expect(hosts.trust('web.lan', 22, keyC.blob)).rejects.toThrow(/is revoked in/)
    await expect(hosts.trust('web.lan', 22, Buffer.from('junk'))).rejects.toThrow(/not an SSH public key/)
    expect(await readFile(ownFile, 'utf8')).toBe(`pi.lan ${keyA.text}\n`)
  })

  it('keeps every line when trusts run at the same time', async () => {
    const hosts = await knownHosts()
    const names = Array.from({ length: 12 }, (_, index) => `node${index}.lan`)
    await Promise.all(names.map((name, index) => hosts.trust(name, 22, index % 2 ? keyA.blob : keyB.blob)))

    const lines = (await readFile(ownFile, 'utf8')).trimEnd().split('\n')
    expect(lines.map((line) => line.split(' ')[0]).sort()).toEqual([...names].sort())
    for (const [index, name] of names.entries()) {
      expect(await hosts.verify(name, 22, index % 2 ? keyA.blob : keyB.blob)).toEqual({ verdict: 'trusted' })
    }
  })
})

describe('KnownHosts.replace', () => {
  it('drops exactly the lines naming the host and keeps the others byte for byte', async () => {
    const hashedLine = (await hashWithSshKeygen(`pi.lan ${keyB.text}\n`)).trimEnd()
    const kept = {
      comment: '# my notes\r',
      other: `other.lan ${keyA.text}`,
      wildcard: `*.lan ${keyC.text}`,
      garbage: 'garbage  line\there',
      revoked: `@revoked pi.lan ${keyC.text}`,
      otherPort: `[pi.lan]:2222 ${keyB.text}`,
      lastWithoutNewline: `last.lan ${keyA.text}`
    }
    const own = [
      kept.comment,
      kept.other,
      `pi.lan ${keyB.text}`,
      '',
      kept.wildcard,
      kept.garbage,
      hashedLine,
      `PI.lan,alias.lan ${keyB.text}`,
      kept.revoked,
      kept.otherPort,
      kept.lastWithoutNewline
    ].join('\n')
    const hosts = await knownHosts({ own })

    await hosts.replace('pi.lan', 22, keyA.blob)

    const { comment, other, wildcard, garbage, revoked, otherPort, lastWithoutNewline } = kept
    const expected = [comment, other, '', wildcard, garbage, revoked, otherPort, lastWithoutNewline, `pi.lan ${keyA.text}`, '']
    expect(await readFile(ownFile, 'utf8')).toBe(expected.join('\n'))
    expect(await hosts.verify('pi.lan', 22, keyA.blob)).toEqual({ verdict: 'trusted' })
    expect(await hosts.verify('pi.lan', 2222, keyB.blob)).toEqual({ verdict: 'trusted' })
  })

  it("overrides a stale key in the user's files without touching them", async () => {
    const user = `pi.lan ${keyA.text}\n`
    const hosts = await knownHosts({ user })
    await hosts.replace('pi.lan', 22, keyB.blob)

    expect(await readFile(userFile, 'utf8')).toBe(user)
    expect(await hosts.verify('pi.lan', 22, keyB.blob)).toEqual({ verdict: 'trusted' })
    expect(await hosts.verify('pi.lan', 22, keyA.blob)).toMatchObject({ verdict: 'changed', file: ownFile })
    expect((await stat(ownFile)).mode & 0o777).toBe(0o600)
  })

  it('refuses a revoked key', async () => {
    const hosts = await knownHosts({ user: `@revoked * ${keyA.text}\n` })
    await expect(hosts.replace('pi.lan', 22, keyA.blob)).rejects.toThrow(/is revoked in/)
    await expect(stat(ownFile)).rejects.toThrow()
  })
})
