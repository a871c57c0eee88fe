import { setTimeout as delay } from 'node:timers/promises'
import { paperHelpReply } from './paper-help'
import type { PaperServer, Tps } from './paper-server'

/**
 * Runs a command the way Paper 1.21.1 answers an RCON client. Vanilla commands answer through the
 * RCON source, which joins their messages with no separator (MC-7569) and drops colours; Bukkit
 * commands such as `tps` send legacy "§" strings, each followed by "\n". Successful admin
 * commands are logged as "[Rcon: …]", as `broadcast-rcon-to-ops` and `logAdminCommands` do by default.
 */

interface CommandContext {
  readonly server: PaperServer
  /** The whole command as typed, without a leading "/". */
  readonly input: string
  /** The words after the command name. */
  readonly args: readonly string[]
  /** Where the first argument starts in `input`. */
  readonly argsAt: number
}

type Handler = (context: CommandContext) => string | Promise<string>

const unknownCommand = 'Unknown or incomplete command, see below for error'
const incorrectArgument = 'Incorrect argument for command'

/** What `stop` answers before the server goes down. */
export const stoppingReply = 'Stopping the server'

export async function runPaperCommand(server: PaperServer, command: string): Promise<string> {
  const input = command.startsWith('/') ? command.slice(1) : command
  const [typed = ''] = input.split(' ', 1)
  const handler = handlerNamed(typed)
  if (!handler) return parseError(unknownCommand, input, 0)
  const argsAt = typed.length + 1
  const args = input.length > typed.length ? input.slice(argsAt).split(' ') : []
  return handler({ server, input, args, argsAt })
}

/** Every command also answers by its namespaced name: vanilla's as "minecraft:list", Spigot's `tps` as "spigot:tps". */
function handlerNamed(typed: string): Handler | undefined {
  const [, namespace, name = typed] = /^(minecraft|spigot):(.+)$/.exec(typed) ?? []
  if (!Object.hasOwn(handlers, name)) return undefined
  if (namespace !== undefined && (name === 'tps') !== (namespace === 'spigot')) return undefined
  return handlers[name]
}

const handlers: Record<string, Handler> = {
  help: () => paperHelpReply,
  list: ({ server }) => {
    const players = server.players()
    return `There are ${players.length} of a max of ${server.maxPlayers} players online: ${players.join(', ')}`
  },
  stop: (context) => (context.args.length > 0 ? parseError(incorrectArgument, context.input, context.argsAt) : success(context.server, stoppingReply)),
  tps: ({ server }) => `§6TPS from last 1m, 5m, 15m: ${tpsValues(server.tps())}\n`,
  'save-off': ({ server }) => {
    if (!server.autosave) return 'Saving is already turned off'
    server.autosave = false
    return success(server, 'Automatic saving is now disabled')
  },
  'save-on': ({ server }) => {
    if (server.autosave) return 'Saving is already turned on'
    server.autosave = true
    return success(server, 'Automatic saving is now enabled')
  },
  'save-all': async (context) => {
    const { server, args } = context
    if (args.length > 1 || (args.length === 1 && args[0] !== 'flush')) return parseError(incorrectArgument, context.input, context.argsAt)
    // The save runs on the server thread, so the reply (and every other command) waits for it.
    await delay(server.saveMs)
    return `Saving the game (this may take a moment!)${success(server, 'Saved the game')}`
  },
  say: (context) => {
    if (context.args.length === 0) return parseError(unknownCommand, context.input, context.input.length)
    context.server.log(`[Rcon] ${context.input.slice(context.argsAt)}`)
    return ''
  },
  whitelist: whitelistCommand,
  op: (context) =>
    withPlayerName(context, (name) => {
      if (hasName(context.server.ops, name)) return 'Nothing changed. The player already is an operator'
      context.server.ops.add(name)
      return success(context.server, `Made ${name} a server operator`)
    }),
  deop: (context) =>
    withPlayerName(context, (name) => {
      const known = findName(context.server.ops, name)
      if (known === undefined) return 'Nothing changed. The player is not an operator'
      context.server.ops.delete(known)
      return success(context.server, `Made ${known} no longer a server operator`)
    }),
  kick: (context) =>
    withPlayerName(context, (name) => {
      const reason = context.args.length > 1 ? context.args.slice(1).join(' ') : 'Kicked by an operator'
      const player = context.server.players().find((online) => online.toLowerCase() === name.toLowerCase())
      if (player === undefined) return 'No player was found'
      context.server.disconnect(player, reason)
      return success(context.server, `Kicked ${player}: ${reason}`)
    }),
  seed: () => 'Seed: [-4172144997902289642]',
  difficulty: () => 'The difficulty is Normal'
}

function whitelistCommand(context: CommandContext): string {
  const { server, args, input, argsAt } = context
  const [action] = args
  const names = [...server.whitelist]
  switch (action) {
    case undefined:
      return parseError(unknownCommand, input, input.length)
    case 'list':
      return names.length === 0 ? 'There are no whitelisted players' : `There are ${names.length} whitelisted player(s): ${names.join(', ')}`
    case 'on':
      if (server.whitelistEnabled) return 'Whitelist is already turned on'
      server.whitelistEnabled = true
      return success(server, 'Whitelist is now turned on')
    case 'off':
      if (!server.whitelistEnabled) return 'Whitelist is already turned off'
      server.whitelistEnabled = false
      return success(server, 'Whitelist is now turned off')
    case 'reload':
      return success(server, 'Reloaded the whitelist')
    case 'add':
    case 'remove':
      return withPlayerName({ ...context, args: args.slice(1), argsAt: argsAt + action.length + 1 }, (name) => {
        const known = findName(server.whitelist, name)
        if (action === 'add') {
          if (known !== undefined) return 'Player is already whitelisted'
          server.whitelist.add(name)
          return success(server, `Added ${name} to the whitelist`)
        }
        if (known === undefined) return 'Player is not whitelisted'
        server.whitelist.delete(known)
        return success(server, `Removed ${known} from the whitelist`)
      })
    default:
      return parseError(incorrectArgument, input, argsAt)
  }
}

/** Runs `then` with the one player name the command takes; a missing name is an incomplete command. */
function withPlayerName(context: CommandContext, then: (name: string) => string): string {
  const [name] = context.args
  if (name === undefined || name === '') return parseError(unknownCommand, context.input, context.input.length)
  return then(name)
}

/** Sends feedback and logs it for admins as "[Rcon: …]", as sendSuccess(…, true) does. */
function success(server: PaperServer, message: string): string {
  server.log(`[Rcon: ${message}]`)
  return message
}

/**
 * A Brigadier syntax error as the RCON source receives it: the message, then the context line
 * (up to 10 characters before the cursor, "..." when more came before, the rest, "<--[HERE]"),
 * with nothing between them.
 */
function parseError(message: string, input: string, cursor: number): string {
  const at = Math.min(input.length, cursor)
  const before = `${at > 10 ? '...' : ''}${input.slice(Math.max(0, at - 10), at)}`
  return `${message}${before}${input.slice(at)}<--[HERE]`
}

/** Spigot's colours and Paper's rounding, serialised from Adventure to a legacy string. */
function tpsValues(tps: Tps): string {
  return tps
    .map((value) => {
      const colour = value > 18 ? '§a' : value > 16 ? '§e' : '§c'
      return `${colour}${javaDouble(Math.min(Math.round(value * 100) / 100, 20))}${value > 21 ? '*' : ''}`
    })
    .join('§r, ')
}

/** Java's Double.toString for the values TPS takes: 20 → "20.0", 19.97 → "19.97". */
function javaDouble(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value)
}

function findName(names: ReadonlySet<string>, name: string): string | undefined {
  return [...names].find((known) => known.toLowerCase() === name.toLowerCase())
}

function hasName(names: ReadonlySet<string>, name: string): boolean {
  return findName(names, name) !== undefined
}
