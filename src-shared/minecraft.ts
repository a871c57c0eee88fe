import { z } from 'zod'

/**
 * The Minecraft console as the renderer sees it: servers of the inventory, their live status,
 * the log streamed over SSH, RCON commands, backups and start/stop. Nothing runs on the Pi but
 * what the server already exposes.
 */

/** "pi-primary/minecraft": the node and the `kind: minecraft` service. */
export const ServerId = z.string().regex(/^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*$/)
export type ServerId = z.infer<typeof ServerId>

/** How the server process is managed, from the inventory: its systemd unit or its container. */
export const ServerControl = z.object({ kind: z.enum(['systemd', 'docker']), name: z.string() })
export type ServerControl = z.infer<typeof ServerControl>

export const MinecraftServerInfo = z.object({
  id: ServerId,
  nodeId: z.string(),
  /** "Pi Primary › Minecraft". */
  name: z.string(),
  host: z.string(),
  port: z.number().int(),
  rcon: z.boolean(),
  /** Where the log comes from: a file, a journald unit or a container; null when none is known. */
  log: z.object({ kind: z.enum(['file', 'journald', 'docker']), name: z.string() }).nullable(),
  /** World and backups folders are both configured. */
  backups: z.boolean(),
  control: ServerControl.nullable()
})
export type MinecraftServerInfo = z.infer<typeof MinecraftServerInfo>

/** active | inactive | failed | activating | deactivating as systemd says; running | exited … as docker says. */
export const ProcessState = z.object({ state: z.string(), running: z.boolean(), detail: z.string().nullable() })
export type ProcessState = z.infer<typeof ProcessState>

export const MinecraftStatus = z.object({
  serverId: ServerId,
  checkedAt: z.number(),
  /** The Server List Ping answered. */
  online: z.boolean(),
  /** Why the ping failed, in words. */
  pingError: z.string().nullable(),
  version: z.string().nullable(),
  /** The MOTD with its § colour codes kept, for the page to render. */
  motd: z.string().nullable(),
  playersOnline: z.number().int().nullable(),
  playersMax: z.number().int().nullable(),
  /** Names of the players online: from RCON `list` when it answers, else the ping's sample. */
  players: z.array(z.string()),
  latencyMs: z.number().nullable(),
  /** TPS over 1, 5 and 15 minutes from RCON `tps` (Paper); null where the server has no such command. */
  tps: z.tuple([z.number(), z.number(), z.number()]).nullable(),
  /** ok, not configured, or why RCON failed ("wrong RCON password", "connection refused"). */
  rcon: z.object({ state: z.enum(['ok', 'not-configured', 'error']), message: z.string().nullable() }),
  process: ProcessState.nullable()
})
export type MinecraftStatus = z.infer<typeof MinecraftStatus>

export const LogId = z.string().regex(/^l[0-9]{1,12}$/)

export const LogLines = z.object({ logId: LogId, lines: z.array(z.string()) })
export type LogLines = z.infer<typeof LogLines>

/** connecting → streaming; reconnecting after the SSH channel or the node dropped; closed. */
export const LogState = z.object({
  logId: LogId,
  serverId: ServerId,
  state: z.enum(['connecting', 'streaming', 'reconnecting', 'closed']),
  message: z.string().nullable()
})
export type LogState = z.infer<typeof LogState>

/** A command as the server takes it, without the leading slash; RCON refuses more than 1446 bytes. */
export const RconCommand = z
  .string()
  .trim()
  .min(1)
  .max(1446, 'a command longer than 1446 bytes would close the RCON connection')
  .refine((text) => new TextEncoder().encode(text).length <= 1446, 'a command longer than 1446 bytes would close the RCON connection')
  .refine((text) => !/[\r\n\0]/.test(text), 'one command per line')

export const CommandReply = z.object({ command: z.string(), reply: z.string(), at: z.number() })
export type CommandReply = z.infer<typeof CommandReply>

export const BackupFile = z.object({ name: z.string(), size: z.number(), createdAt: z.number() })
export type BackupFile = z.infer<typeof BackupFile>

export const BackupStep = z.enum(['save-off', 'save-all', 'archive', 'save-on', 'rotate', 'stop', 'restore', 'start'])
export type BackupStep = z.infer<typeof BackupStep>

/** A backup or restore run, as it goes; `step` is the one under way (or that failed). */
export const BackupRun = z.object({
  runId: z.string().regex(/^b[0-9]{1,12}$/),
  serverId: ServerId,
  kind: z.enum(['backup', 'restore']),
  step: BackupStep,
  state: z.enum(['running', 'done', 'failed']),
  /** Bytes of the archive written (backup) or read (restore) so far. */
  bytes: z.number(),
  /** The archive's name (backup: once known). */
  file: z.string().nullable(),
  startedAt: z.number(),
  /** What went wrong, in words; a backup that failed still sent save-on. */
  error: z.string().nullable(),
  /** Scheduled runs say so. */
  scheduled: z.boolean()
})
export type BackupRun = z.infer<typeof BackupRun>

/** Daily backups while the app runs; keep the newest N archives. */
export const BackupSchedule = z.strictObject({
  /** "HH:MM" local time, or null for no schedule. */
  dailyAt: z
    .string()
    .regex(/^(?:[01][0-9]|2[0-3]):[0-5][0-9]$/)
    .nullable(),
  keep: z.number().int().min(1).max(365)
})
export type BackupSchedule = z.infer<typeof BackupSchedule>

export const BackupName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.tar\.gz$/)

export const ServerRef = z.strictObject({ serverId: ServerId })
