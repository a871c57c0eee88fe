/**
 * What `help` answers over RCON: Brigadier's usage of every root command ("/name usage"), sorted
 * as Brigadier keeps its children, each sent as its own message. The RCON source joins messages
 * with no separator (MC-7569), so the reply is one long line of "/advancement (grant|revoke)/attribute …",
 * well over 10,000 characters on Paper, where every command is also listed with its namespace and
 * plugins add their own.
 */

const gameRules = [
  'announceAdvancements',
  'blockExplosionDropDecay',
  'commandBlockOutput',
  'commandModificationBlockLimit',
  'disableElytraMovementCheck',
  'disablePlayerMovementCheck',
  'disableRaids',
  'doDaylightCycle',
  'doEntityDrops',
  'doFireTick',
  'doImmediateRespawn',
  'doInsomnia',
  'doLimitedCrafting',
  'doMobLoot',
  'doMobSpawning',
  'doPatrolSpawning',
  'doTileDrops',
  'doTraderSpawning',
  'doVinesSpread',
  'doWardenSpawning',
  'doWeatherCycle',
  'drowningDamage',
  'enderPearlsVanishOnDeath',
  'fallDamage',
  'fireDamage',
  'forgiveDeadPlayers',
  'freezeDamage',
  'globalSoundEvents',
  'keepInventory',
  'lavaSourceConversion',
  'logAdminCommands',
  'maxCommandChainLength',
  'maxCommandForkCount',
  'maxEntityCramming',
  'mobExplosionDropDecay',
  'mobGriefing',
  'naturalRegeneration',
  'playersNetherPortalCreativeDelay',
  'playersNetherPortalDefaultDelay',
  'playersSleepingPercentage',
  'projectilesCanBreakBlocks',
  'randomTickSpeed',
  'reducedDebugInfo',
  'sendCommandFeedback',
  'showDeathMessages',
  'snowAccumulationHeight',
  'spawnChunkRadius',
  'spawnRadius',
  'spectatorsGenerateChunks',
  'tntExplosionDropDecay',
  'universalAnger',
  'waterSourceConversion'
]

const soundSources = 'master|music|record|weather|block|hostile|neutral|player|ambient|voice'

/** Vanilla 1.21.1's commands on a dedicated server, by name, with their smart usage. */
const vanillaUsage: Record<string, string> = {
  advancement: '(grant|revoke)',
  attribute: '<target> <attribute> (base|get|modifier)',
  ban: '<targets> [<reason>]',
  'ban-ip': '<target> [<reason>]',
  banlist: '[ips|players]',
  bossbar: '(add|get|list|remove|set)',
  clear: '[<targets>]',
  clone: '(<begin>|from)',
  damage: '<target> <amount> [<damageType>]',
  data: '(get|merge|modify|remove)',
  datapack: '(disable|enable|list)',
  debug: '(function|start|stop)',
  defaultgamemode: '<gamemode>',
  deop: '<targets>',
  difficulty: '[peaceful|easy|normal|hard]',
  effect: '(clear|give)',
  enchant: '<targets> <enchantment> [<level>]',
  execute: '(align|anchored|as|at|facing|if|in|on|positioned|rotated|run|store|summon|unless)',
  experience: '(add|query|set)',
  fill: '<from> <to> <block> [destroy|hollow|keep|outline|replace]',
  fillbiome: '<from> <to> <biome> [replace]',
  forceload: '(add|query|remove)',
  function: '<name> [<arguments>|with]',
  gamemode: '<gamemode> [<target>]',
  gamerule: `(${gameRules.join('|')})`,
  give: '<targets> <item> [<count>]',
  help: '[<command>]',
  item: '(modify|replace)',
  jfr: '(start|stop)',
  kick: '<targets> [<reason>]',
  kill: '[<targets>]',
  list: '[uuids]',
  locate: '(biome|poi|structure)',
  loot: '(give|insert|replace|spawn)',
  me: '<action>',
  msg: '<targets> <message>',
  op: '<targets>',
  pardon: '<targets>',
  'pardon-ip': '<target>',
  particle: '<name> [<pos>]',
  perf: '(start|stop)',
  place: '(feature|jigsaw|structure|template)',
  playsound: `<sound> [${soundSources}]`,
  random: '(reset|roll|value)',
  recipe: '(give|take)',
  reload: '',
  return: '(fail|run|<value>)',
  ride: '<target> (dismount|mount)',
  'save-all': '[flush]',
  'save-off': '',
  'save-on': '',
  say: '<message>',
  schedule: '(clear|function)',
  scoreboard: '(objectives|players)',
  seed: '',
  setblock: '<pos> <block> [destroy|keep|replace]',
  setidletimeout: '<minutes>',
  setworldspawn: '[<pos>]',
  spawnpoint: '[<targets>]',
  spectate: '[<target>]',
  spreadplayers: '<center> <spreadDistance> <maxRange> (<respectTeams>|under)',
  stop: '',
  stopsound: `<targets> [*|${soundSources}]`,
  summon: '<entity> [<pos>]',
  tag: '<targets> (add|list|remove)',
  team: '(add|empty|join|leave|list|modify|remove)',
  teammsg: '<message>',
  teleport: '(<location>|<destination>|<targets>)',
  tellraw: '<targets> <message>',
  tick: '(freeze|query|rate|sprint|step|unfreeze)',
  time: '(add|query|set)',
  title: '<targets> (actionbar|clear|reset|subtitle|times|title)',
  transfer: '<hostname> [<port>]',
  trigger: '<objective> [add|set]',
  weather: '(clear|rain|thunder)',
  whitelist: '(add|list|off|on|reload|remove)',
  worldborder: '(add|center|damage|get|set|warning)'
}

/** Brigadier prints a redirect as "/alias -> target". */
const vanillaRedirects: Record<string, string> = { tell: 'msg', tm: 'teammsg', tp: 'teleport', w: 'msg', xp: 'experience' }

const greedy = '[<args>]'
const luckPermsUsage =
  '(applyedits|bulkupdate|creategroup|createtrack|deletegroup|deletetrack|editor|export|group|import|info|listgroups|listtracks|log|networksync|reloadconfig|search|sync|track|translations|tree|trusteditor|user|verbose)'

/**
 * Commands of Bukkit, Spigot, Paper and the lab's one plugin (LuckPerms), by namespace. Bukkit's
 * reach Brigadier as a literal with one greedy argument; Paper's and LuckPerms' bring their tree.
 */
const pluginCommands: Record<string, Record<string, string>> = {
  bukkit: { about: greedy, pl: greedy, plugins: greedy, reload: greedy, rl: greedy, timings: greedy, ver: greedy, version: greedy },
  spigot: { restart: greedy, spigot: greedy, tps: greedy },
  paper: {
    callback: '<id>',
    mspt: '',
    paper: '(chunkinfo|debug|dumpitem|dumplisteners|dumpplugins|entity|fixlight|heap|mobcaps|playermobcaps|reload|syncloadinfo|version)'
  },
  luckperms: {
    lp: luckPermsUsage,
    luckperms: luckPermsUsage,
    perm: luckPermsUsage,
    permission: luckPermsUsage,
    permissions: luckPermsUsage,
    perms: luckPermsUsage
  }
}

function usageLine(name: string, usage: string): string {
  return usage === '' ? `/${name}` : `/${name} ${usage}`
}

function helpEntries(): [string, string][] {
  const entries: [string, string][] = []
  for (const [name, usage] of Object.entries(vanillaUsage)) {
    entries.push([name, usageLine(name, usage)], [`minecraft:${name}`, usageLine(`minecraft:${name}`, usage)])
  }
  for (const [alias, target] of Object.entries(vanillaRedirects)) {
    entries.push([alias, `/${alias} -> ${target}`], [`minecraft:${alias}`, `/minecraft:${alias} -> minecraft:${target}`])
  }
  for (const [namespace, commands] of Object.entries(pluginCommands)) {
    for (const [name, usage] of Object.entries(commands)) {
      // Bukkit's own command wins the bare name over vanilla's (reload), as on Paper.
      entries.push([name, usageLine(name, usage)], [`${namespace}:${name}`, usageLine(`${namespace}:${name}`, usage)])
    }
  }
  const unique = new Map(entries)
  // Brigadier keeps children sorted by name, comparing as Java's String.compareTo does.
  return [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

/** The whole reply, as one string. */
export const paperHelpReply = helpEntries()
  .map(([, line]) => line)
  .join('')
