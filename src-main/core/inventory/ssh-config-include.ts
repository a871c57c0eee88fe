import { readdir, readFile, realpath, stat } from 'node:fs/promises'
import { basename, isAbsolute, join, parse as parsePath } from 'node:path'
import SSHConfig, { LineType, type Directive, type Line, type Section } from 'ssh-config'
import { expandHome } from '../paths'

/** OpenSSH's own limit (READCONF_MAX_DEPTH). */
const maxIncludeDepth = 16
const maxFileBytes = 1024 * 1024
const keywordPattern = /^[A-Za-z][A-Za-z0-9]*$/

export type ReadSshConfigResult =
  | { readonly ok: true; readonly config: SSHConfig; readonly problems: readonly string[] }
  | { readonly ok: false; readonly problem: string }

type LoadResult = { kind: 'ok'; lines: SSHConfig } | { kind: 'missing' } | { kind: 'problem'; message: string }

/**
 * Reads an ssh_config with its Include directives resolved into one config, the way OpenSSH
 * reads it: the included lines take the place of the Include, relative paths are relative to
 * the folder of the main file (~/.ssh), and the block the Include sat in goes on after it.
 */
export async function readSshConfig(path: string): Promise<ReadSshConfigResult> {
  const loaded = await loadFile(path)
  if (loaded.kind === 'missing') return { ok: false, problem: `no ~/.ssh/config at ${path}` }
  if (loaded.kind === 'problem') return { ok: false, problem: loaded.message }
  const reader = new IncludeReader(parsePath(path).dir)
  await reader.addLines(loaded.lines, [await canonical(path)])
  return { ok: true, config: reader.output, problems: reader.problems }
}

class IncludeReader {
  readonly output = new SSHConfig()
  readonly problems: string[] = []
  /** The Host or Match block that lines go into; none at the top level. */
  private section: Section | undefined

  constructor(private readonly baseDir: string) {}

  async addLines(lines: readonly Line[], chain: readonly string[]): Promise<void> {
    for (const line of lines) {
      if (isSection(line)) {
        this.section = this.open(line)
        await this.addLines(line.config, chain)
      } else if (line.type !== LineType.DIRECTIVE) {
        continue
      } else if (/^include$/i.test(line.param)) {
        await this.include(line, chain)
      } else if (!/^canonicalizehostname$/i.test(line.param)) {
        // CanonicalizeHostName is left out: ssh-config would run nslookup synchronously for it.
        ;(this.section?.config ?? this.output).push(line)
      }
    }
  }

  private async include(line: Directive, chain: readonly string[]): Promise<void> {
    const outer = this.section
    for (const pattern of valuesOf(line)) {
      for (const file of await expandGlob(this.resolve(pattern))) await this.includeFile(file, chain)
    }
    if (this.section !== outer) this.section = outer && this.open(outer)
  }

  private async includeFile(file: string, chain: readonly string[]): Promise<void> {
    if (chain.length > maxIncludeDepth) {
      this.problems.push(`${file}: Include is nested more than ${maxIncludeDepth} files deep; skipped`)
      return
    }
    const real = await canonical(file)
    if (chain.includes(real)) {
      this.problems.push(`${file}: Include loop (${[...chain, real].map((entry) => basename(entry)).join(' → ')}); skipped`)
      return
    }
    const loaded = await loadFile(file)
    // OpenSSH skips an Include that names no file without a word; so do we.
    if (loaded.kind === 'missing') return
    if (loaded.kind === 'problem') this.problems.push(loaded.message)
    else await this.addLines(loaded.lines, [...chain, real])
  }

  /** A copy of the block's header with its own list of lines, so that a block can be reopened. */
  private open(section: Section): Section {
    const copy: Section = { ...section, config: new SSHConfig() }
    this.output.push(copy)
    return copy
  }

  private resolve(pattern: string): string {
    const expanded = expandHome(pattern)
    if (expanded !== pattern) return expanded
    return isAbsolute(pattern) ? pattern : join(this.baseDir, pattern)
  }
}

async function loadFile(path: string): Promise<LoadResult> {
  try {
    const info = await stat(path)
    if (!info.isFile()) return { kind: 'problem', message: `${path} is not a file` }
    if (info.size > maxFileBytes) return { kind: 'problem', message: `${path} is larger than 1 MiB; it is not an ssh config` }
    const text = await readFile(path, 'utf8')
    if (text.includes('\u0000')) return { kind: 'problem', message: `${path} is not a text file` }
    const lines = SSHConfig.parse(text)
    const odd = badKeyword(lines)
    if (odd !== undefined) return { kind: 'problem', message: `${path}: "${odd}" is not an ssh config keyword` }
    return { kind: 'ok', lines }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' }
    return { kind: 'problem', message: `${path} could not be read: ${(error as Error).message}` }
  }
}

/** The first directive name that cannot be an ssh_config keyword: the file is something else. */
function badKeyword(lines: readonly Line[]): string | undefined {
  for (const line of lines) {
    if (line.type !== LineType.DIRECTIVE) continue
    if (!keywordPattern.test(line.param)) return line.param.slice(0, 40)
    const inner = isSection(line) ? badKeyword(line.config) : undefined
    if (inner !== undefined) return inner
  }
  return undefined
}

function isSection(line: Line): line is Section {
  return line.type === LineType.DIRECTIVE && 'config' in line
}

export function valuesOf(line: Directive): string[] {
  return typeof line.value === 'string' ? [line.value] : line.value.map((part) => part.val)
}

/** The files a path with `*` and `?` in its segments names, sorted as glob(3) sorts them. */
async function expandGlob(pattern: string): Promise<string[]> {
  const { root } = parsePath(pattern)
  let paths = [root]
  for (const segment of pattern.slice(root.length).split(/[\\/]+/).filter(Boolean)) {
    if (!/[*?]/.test(segment)) {
      paths = paths.map((path) => join(path, segment))
      continue
    }
    const matches = segmentMatcher(segment)
    const next: string[] = []
    for (const directory of paths) {
      const names = await readdir(directory).catch(() => [])
      next.push(...names.filter(matches).sort().map((name) => join(directory, name)))
    }
    paths = next
  }
  return paths
}

function segmentMatcher(segment: string): (name: string) => boolean {
  const source = segment
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('')
  const pattern = new RegExp(`^${source}$`)
  // As in a shell, a wildcard does not pick up hidden files.
  return (name) => pattern.test(name) && (!name.startsWith('.') || segment.startsWith('.'))
}

async function canonical(path: string): Promise<string> {
  return realpath(path).catch(() => path)
}
