import { LineType, type Line, type SSHConfig } from 'ssh-config'
import { Node, type Inventory } from '../../../src-shared/inventory'
import type { SshConfigCandidate, SshConfigPreview } from '../../../src-shared/ssh'
import { readSshConfig, valuesOf } from './ssh-config-include'

type Computed = Record<string, string | string[]>

/** A host of the config on its way to becoming a candidate; jumps are filled in later. */
interface Draft {
  readonly alias: string
  id: string
  readonly host: string
  readonly port: number
  readonly user: string | undefined
  readonly key: string | undefined
  readonly proxyJump: string | undefined
  jump: string | undefined
  existing: Node | undefined
  readonly notes: string[]
}

/** Something a ProxyJump hop can name: a host of this config or a node of the inventory. */
interface Reachable {
  readonly id: string
  readonly alias: string | undefined
  readonly host: string
  readonly port: number
  readonly user: string | undefined
}

interface Hop {
  readonly host: string
  readonly user: string | undefined
  readonly port: number | undefined
}

const leftOut = ['ProxyCommand', 'LocalForward', 'RemoteForward', 'DynamicForward']

/**
 * What importing ~/.ssh/config would add to the inventory: one candidate per concrete Host
 * alias, with `Host *` defaults applied. Never throws: what goes wrong becomes a problem.
 */
export async function previewSshConfig(options: { configPath: string; inventory: Inventory }): Promise<SshConfigPreview> {
  const { configPath: path, inventory } = options
  const read = await readSshConfig(path)
  if (!read.ok) return { path, candidates: [], problems: [read.problem] }
  const problems = [...read.problems]
  try {
    return { path, candidates: candidatesOf(read.config, inventory, problems), problems }
  } catch (error) {
    return { path, candidates: [], problems: [...problems, `${path} could not be read: ${(error as Error).message}`] }
  }
}

function candidatesOf(config: SSHConfig, inventory: Inventory, problems: string[]): SshConfigCandidate[] {
  const usedIds = new Set<string>()
  const drafts = concreteAliases(config).map((alias) => {
    // Match exec would run commands from the file; a preview must not.
    const draft = draftOf(alias, config.compute(alias, { ignoreCase: true, matchExec: false }), usedIds)
    markExisting(draft, inventory)
    return draft
  })
  resolveJumps(drafts, inventory)
  breakJumpLoops(drafts, inventory)
  return drafts.flatMap((draft) => {
    const settings = { user: draft.user, port: draft.port, key: draft.key, jump: draft.jump }
    const ssh = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined))
    const node = Node.safeParse({ id: draft.id, name: draft.alias, host: draft.host, role: 'server', ssh })
    if (node.success) return [{ alias: draft.alias, node: node.data, exists: draft.existing !== undefined, notes: draft.notes }]
    problems.push(`Host ${draft.alias} was skipped: ${node.error.issues[0]?.message}`)
    return []
  })
}

/** The aliases of Host lines that name one host, not a pattern, in the order they appear. */
function concreteAliases(config: readonly Line[]): string[] {
  const aliases = new Set<string>()
  for (const line of config) {
    if (line.type !== LineType.DIRECTIVE || !/^host$/i.test(line.param)) continue
    for (const pattern of valuesOf(line)) if (!/[*?!]/.test(pattern)) aliases.add(pattern)
  }
  return [...aliases]
}

function draftOf(alias: string, computed: Computed, usedIds: Set<string>): Draft {
  const notes: string[] = []
  const hostName = first(computed.hostname)
  const [key, ...otherKeys] = all(computed.identityfile)
  if (otherKeys.length > 0) notes.push(`only the first IdentityFile is used; ${otherKeys.join(', ')} left out`)
  if (key?.includes('%')) notes.push(`IdentityFile ${key} has %-tokens the console does not expand`)
  for (const keyword of leftOut) {
    for (const value of all(computed[keyword.toLowerCase()])) notes.push(`${keyword} ${value} is not supported and was left out`)
  }
  const proxyJump = first(computed.proxyjump)
  return {
    alias,
    id: uniqueId(slugOf(alias), usedIds),
    host: hostName === undefined ? alias : hostName.replace(/%(%|h)/g, (_token, kind: string) => (kind === 'h' ? alias : '%')),
    port: portOf(first(computed.port), notes),
    user: first(computed.user),
    key,
    proxyJump: proxyJump === undefined || proxyJump.toLowerCase() === 'none' ? undefined : proxyJump,
    jump: undefined,
    existing: undefined,
    notes
  }
}

function portOf(value: string | undefined, notes: string[]): number {
  if (value === undefined) return 22
  const port = Number(value)
  if (Number.isInteger(port) && port >= 1 && port <= 65535) return port
  notes.push(`Port ${value} is not a port number; 22 is used`)
  return 22
}

/** Already in the inventory under this id, or as the same login; the candidate takes that id. */
function markExisting(draft: Draft, inventory: Inventory): void {
  const existing =
    inventory.nodes.find((node) => node.id === draft.id) ??
    inventory.nodes.find((node) => sameLogin(reachableOfNode(node), draft))
  if (existing === undefined) return
  draft.existing = existing
  draft.id = existing.id
}

function resolveJumps(drafts: readonly Draft[], inventory: Inventory): void {
  const pool: Reachable[] = [...drafts, ...inventory.nodes.map(reachableOfNode)]
  const hopIds = new Map<Draft, (string | undefined)[]>()
  for (const draft of drafts) {
    if (draft.proxyJump === undefined) continue
    const texts = draft.proxyJump.split(',').map((text) => text.trim())
    const ids = texts.map((text) => {
      const hop = parseHop(text)
      const id = hop === undefined ? undefined : findHop(hop, pool)
      if (id === undefined) {
        draft.notes.push(`ProxyJump hop "${text}" is not a host of this config or the inventory; add it as a node to connect through it`)
      }
      return id
    })
    hopIds.set(draft, ids)
    const last = ids.at(-1)
    if (last === draft.id) draft.notes.push(`ProxyJump ${draft.proxyJump} points at this host itself; left out`)
    else draft.jump = last
  }
  for (const [draft, ids] of hopIds) chainHops(draft, ids, drafts, inventory)
}

/** `ProxyJump a,b`: the inventory can only say "b jumps through a", so b must do that. */
function chainHops(draft: Draft, ids: readonly (string | undefined)[], drafts: readonly Draft[], inventory: Inventory): void {
  for (let index = ids.length - 1; index > 0; index--) {
    const hopId = ids[index]
    const through = ids[index - 1]
    if (hopId === undefined || through === undefined) continue
    const hopDraft = drafts.find((candidate) => candidate.id === hopId && candidate.existing === undefined)
    if (hopDraft !== undefined && hopDraft !== draft && hopDraft.jump === undefined) {
      hopDraft.jump = through
      hopDraft.notes.push(`jumps through "${through}" because the ProxyJump of ${draft.alias} goes ${draft.proxyJump}`)
      continue
    }
    const hopJump = hopDraft === undefined ? inventory.nodes.find((node) => node.id === hopId)?.ssh?.jump : hopDraft.jump
    if (hopJump !== through) {
      draft.notes.push(`ProxyJump ${draft.proxyJump}: "${hopId}" is not reached through "${through}" in the inventory, so the console goes to it another way`)
    }
  }
}

/** A loop of jumps cannot be connected; the first host found on one loses its jump. */
function breakJumpLoops(drafts: readonly Draft[], inventory: Inventory): void {
  const jumpOf = (id: string) =>
    drafts.find((draft) => draft.id === id && draft.existing === undefined)?.jump ??
    inventory.nodes.find((node) => node.id === id)?.ssh?.jump
  for (const draft of drafts) {
    const seen = new Set<string>([draft.id])
    for (let next = draft.jump; next !== undefined; next = jumpOf(next)) {
      if (!seen.has(next)) {
        seen.add(next)
        continue
      }
      if (next === draft.id) {
        draft.notes.push(`ProxyJump ${draft.proxyJump} leads back to this host; left out`)
        draft.jump = undefined
      }
      break
    }
  }
}

/** `[ssh://][user@]host[:port]`, with `[…]` around an IPv6 address. */
function parseHop(text: string): Hop | undefined {
  const match = /^(?:ssh:\/\/)?(?:([^@\s]+)@)?(\[[^\]]+\]|[^:@\s[\]]+)(?::(\d+))?$/.exec(text)
  if (!match?.[2]) return undefined
  return { user: match[1], host: match[2].replace(/^\[(.*)\]$/, '$1'), port: match[3] === undefined ? undefined : Number(match[3]) }
}

function findHop(hop: Hop, pool: readonly Reachable[]): string | undefined {
  const fits = (target: Reachable) =>
    (hop.user === undefined || hop.user === target.user) && (hop.port === undefined || hop.port === target.port)
  const found =
    pool.find((target) => target.alias === hop.host && fits(target)) ??
    pool.find((target) => target.alias === undefined && target.id === hop.host && fits(target)) ??
    pool.find((target) => target.host === hop.host && fits(target))
  return found?.id
}

function reachableOfNode(node: Node): Reachable {
  return { id: node.id, alias: undefined, host: node.host, port: node.ssh?.port ?? 22, user: node.ssh?.user }
}

function sameLogin(a: Reachable, b: Reachable): boolean {
  return a.host === b.host && a.port === b.port && a.user === b.user
}

/** The alias as an inventory id: lowercase letters, digits and "-", starting alphanumeric. */
function slugOf(alias: string): string {
  const slug = alias
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return slug === '' ? 'host' : slug
}

function uniqueId(base: string, used: Set<string>): string {
  let id = base
  for (let suffix = 2; used.has(id); suffix++) id = `${base}-${suffix}`
  used.add(id)
  return id
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

function all(value: string | string[] | undefined): string[] {
  if (value === undefined) return []
  return Array.isArray(value) ? value : [value]
}
