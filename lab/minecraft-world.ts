import { mkdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { offlineUuid, paperVersion } from './paper-server'

/**
 * The folders of the lab's Minecraft server, as a Paper install on a Pi has them: the world
 * (level.dat, region files of deterministic pseudo-random bytes, player data), an empty backups
 * folder and logs/. A world already there is left alone, so a restore survives a lab restart.
 */

export interface MinecraftFolders {
  readonly serverDir: string
  readonly worldDir: string
  readonly backupsDir: string
}

export function minecraftFolders(serverDir: string): MinecraftFolders {
  return { serverDir, worldDir: join(serverDir, 'world'), backupsDir: join(serverDir, 'backups') }
}

/** Region files and the bytes each holds: 4 MiB in all, whole 4 KiB sectors as in a real .mca. */
const regions = ['r.0.0.mca', 'r.-1.0.mca', 'r.0.-1.mca', 'r.-1.-1.mca']
const regionBytes = 256 * 4096
const dataVersion = 3955
const knownPlayers = ['Steve', 'Alex']

export async function prepareMinecraftFolders(serverDir: string): Promise<MinecraftFolders> {
  const folders = minecraftFolders(serverDir)
  const { worldDir, backupsDir } = folders
  await mkdir(join(worldDir, 'region'), { recursive: true })
  await mkdir(join(worldDir, 'playerdata'), { recursive: true })
  await mkdir(backupsDir, { recursive: true })
  if (await stat(join(worldDir, 'level.dat')).catch(() => undefined)) return folders
  await Promise.all([
    ...regions.map((name, index) => writeFile(join(worldDir, 'region', name), pseudoRandomBytes(regionBytes, index + 1))),
    ...knownPlayers.map((name) => writeFile(join(worldDir, 'playerdata', `${offlineUuid(name)}.dat`), gzipSync(playerData()))),
    // Bukkit's world id, and the snowman Minecraft writes to the lock it holds while running.
    writeFile(join(worldDir, 'uid.dat'), pseudoRandomBytes(16, 99)),
    writeFile(join(worldDir, 'session.lock'), '☃')
  ])
  // level.dat last: its presence marks a complete world.
  await writeFile(join(worldDir, 'level.dat'), gzipSync(levelDat()))
  return folders
}

/** xorshift32 from `seed`: the same bytes on every machine. */
function pseudoRandomBytes(length: number, seed: number): Buffer {
  const words = new Uint32Array(Math.ceil(length / 4))
  let state = (seed * 0x9e3779b9) >>> 0 || 1
  for (let index = 0; index < words.length; index += 1) {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    state >>>= 0
    words[index] = state
  }
  return Buffer.from(words.buffer, 0, length)
}

type Nbt = { byte: number } | { int: number } | { long: bigint } | { string: string } | { compound: Record<string, Nbt> }

function levelDat(): Buffer {
  return nbtRoot({
    Data: {
      compound: {
        DataVersion: { int: dataVersion },
        LevelName: { string: 'world' },
        version: { int: 19133 },
        GameType: { int: 0 },
        Difficulty: { byte: 2 },
        hardcore: { byte: 0 },
        allowCommands: { byte: 0 },
        SpawnX: { int: 0 },
        SpawnY: { int: 64 },
        SpawnZ: { int: 0 },
        Time: { long: 1_728_000n },
        DayTime: { long: 6000n },
        LastPlayed: { long: 1_729_425_600_000n },
        Version: { compound: { Id: { int: dataVersion }, Name: { string: paperVersion }, Series: { string: 'main' }, Snapshot: { byte: 0 } } }
      }
    }
  })
}

function playerData(): Buffer {
  return nbtRoot({
    DataVersion: { int: dataVersion },
    Dimension: { string: 'minecraft:overworld' },
    playerGameType: { int: 0 },
    XpLevel: { int: 12 },
    SelectedItemSlot: { int: 0 }
  })
}

/** A named-tag file: an unnamed root compound, big-endian as Java writes it. */
function nbtRoot(entries: Record<string, Nbt>): Buffer {
  return namedTag('', { compound: entries })
}

function namedTag(name: string, value: Nbt): Buffer {
  const nameBytes = Buffer.from(name, 'utf8')
  const header = Buffer.alloc(3)
  header.writeUInt8(tagType(value), 0)
  header.writeUInt16BE(nameBytes.length, 1)
  return Buffer.concat([header, nameBytes, payload(value)])
}

function tagType(value: Nbt): number {
  if ('byte' in value) return 1
  if ('int' in value) return 3
  if ('long' in value) return 4
  if ('string' in value) return 8
  return 10
}

function payload(value: Nbt): Buffer {
  if ('byte' in value) return Buffer.from([value.byte & 0xff])
  if ('int' in value) {
    const bytes = Buffer.alloc(4)
    bytes.writeInt32BE(value.int)
    return bytes
  }
  if ('long' in value) {
    const bytes = Buffer.alloc(8)
    bytes.writeBigInt64BE(value.long)
    return bytes
  }
  if ('string' in value) {
    const text = Buffer.from(value.string, 'utf8')
    const length = Buffer.alloc(2)
    length.writeUInt16BE(text.length)
    return Buffer.concat([length, text])
  }
  return Buffer.concat([...Object.entries(value.compound).map(([key, child]) => namedTag(key, child)), Buffer.from([0])])
}
