import { connect, type Socket } from 'node:net'
import { RCON, type Message } from 'minecraft-server-util'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { canConnect } from './net'
import type { PaperLogLine } from './paper-server'
import { rconMaxPayloadBytes, startRconEmulator, type RconEmulator } from './rcon'

const address = '127.0.1.75'
const port = 25601
const password = 'lab-secret'
let rcon: RconEmulator
let logged: PaperLogLine[] = []
const clients: Socket[] = []

beforeAll(async () => {
  rcon = await startRconEmulator({ address, port, password })
  rcon.server.onLog((line) => logged.push(line))
})

afterEach(() => {
  rcon.fault = 'none'
  rcon.setPlayers([])
  rcon.setTps([20, 20, 20])
  logged = []
  for (const client of clients.splice(0)) client.destroy()
})

afterAll(async () => {
  await rcon?.close()
})

interface Packet {
  id: number
  type: number
  body: string
}

/** A TCP client that speaks RCON with bytes built here, to check the wire format itself. */
class RawClient {
  private received = Buffer.alloc(0)
  private closed = false
  private wake: () => void = () => undefined

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk])
      this.wake()
    })
    socket.on('close', () => {
      this.closed = true
      this.wake()
    })
    socket.on('error', () => undefined)
  }

  static open(at = { host: address, port }): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(at, () => resolve(new RawClient(socket)))
      clients.push(socket)
      socket.once('error', reject)
    })
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes)
  }

  /** The next whole packet, or undefined once the server closed the connection. */
  async next(timeoutMs = 5000): Promise<Packet | undefined> {
    const bytes = await this.nextBytes(timeoutMs)
    if (!bytes) return undefined
    expect([...bytes.subarray(-2)]).toEqual([0, 0])
    return { id: bytes.readInt32LE(4), type: bytes.readInt32LE(8), body: bytes.toString('utf8', 12, bytes.length - 2) }
  }

  /** The next packet's bytes, cut by its length field. */
  async nextBytes(timeoutMs = 5000): Promise<Buffer | undefined> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const length = this.received.length >= 4 ? this.received.readInt32LE(0) : -1
      if (length >= 10 && this.received.length >= length + 4) {
        const bytes = this.received.subarray(0, length + 4)
        this.received = this.received.subarray(length + 4)
        return bytes
      }
      if (this.closed) return undefined
      const left = deadline - Date.now()
      if (left <= 0) throw new Error('no packet from the RCON emulator in time')
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    }
  }

  /** True when the server closes the connection without sending anything first. */
  async closesSilently(): Promise<boolean> {
    return (await this.next()) === undefined
  }

  /** True when nothing arrives and the connection stays open for `ms`. */
  async staysSilent(ms: number): Promise<boolean> {
    try {
      await this.next(ms)
      return false
    } catch {
      return !this.closed
    }
  }
}

function rconPacket(id: number, type: number, body: string | Buffer): Buffer {
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
  const bytes = Buffer.alloc(payload.length + 14)
  bytes.writeInt32LE(payload.length + 10, 0)
  bytes.writeInt32LE(id, 4)
  bytes.writeInt32LE(type, 8)
  payload.copy(bytes, 12)
  return bytes
}

async function loggedIn(): Promise<RawClient> {
  const client = await RawClient.open()
  client.write(rconPacket(1, 3, password))
  expect(await client.next()).toEqual({ id: 1, type: 2, body: '' })
  return client
}

/** Sends a command and collects its reply packets until the reply to a second, marker packet. */
async function command(client: RawClient, text: string, id = 40): Promise<Packet[]> {
  client.write(rconPacket(id, 2, text))
  const first = await client.next()
  if (!first) throw new Error(`the connection closed after "${text}"`)
  client.write(rconPacket(id + 1, 2, 'seed'))
  const packets = [first]
  for (;;) {
    const packet = await client.next()
    if (!packet) throw new Error(`the connection closed during the reply to "${text}"`)
    if (packet.id === id + 1) return packets
    packets.push(packet)
  }
}

async function reply(client: RawClient, text: string): Promise<string> {
  return (await command(client, text)).map((packet) => packet.body).join('')
}

describe('RCON emulator: the wire, as Minecraft’s RconClient speaks it', () => {
  it('accepts the right password, answering the login id with type 2 and an empty body', async () => {
    const client = await RawClient.open()
    // length 20 (10 + "lab-secret"), id 7, type 3 (login), "lab-secret", two NULs
    client.write(Buffer.from('14000000' + '07000000' + '03000000' + '6c61622d736563726574' + '0000', 'hex'))
    // length 10, id 7, type 2, no body, two NULs
    expect((await client.nextBytes())?.toString('hex')).toBe('0a000000' + '07000000' + '02000000' + '0000')
    client.write(Buffer.from('0e000000' + '08000000' + '02000000' + '73656564' + '0000', 'hex'))
    const seed = Buffer.from('Seed: [-4172144997902289642]')
    expect((await client.nextBytes())?.toString('hex')).toBe(`${(seed.length + 10).toString(16)}000000` + '08000000' + '00000000' + seed.toString('hex') + '0000')
  })

  it('answers a wrong password, and a command before login, with id -1', async () => {
    const client = await RawClient.open()
    client.write(rconPacket(3, 2, 'list'))
    expect(await client.next()).toEqual({ id: -1, type: 2, body: '' })
    client.write(rconPacket(4, 3, 'not-it'))
    expect(await client.next()).toEqual({ id: -1, type: 2, body: '' })
    client.write(rconPacket(5, 3, ''))
    expect(await client.next()).toEqual({ id: -1, type: 2, body: '' })
    expect(rcon.commands().some((record) => record.requestId === 3)).toBe(false)
  })

  it('forgets a login after a later wrong password', async () => {
    const client = await loggedIn()
    client.write(rconPacket(8, 3, 'wrong'))
    expect(await client.next()).toEqual({ id: -1, type: 2, body: '' })
    client.write(rconPacket(9, 2, 'list'))
    expect(await client.next()).toEqual({ id: -1, type: 2, body: '' })
  })

  it('answers a command with type 0 and the command’s id', async () => {
    const client = await loggedIn()
    rcon.setPlayers(['Steve', 'Alex'])
    client.write(rconPacket(12345, 2, 'list'))
    expect(await client.next()).toEqual({ id: 12345, type: 0, body: 'There are 2 of a max of 20 players online: Steve, Alex' })
  })

  it('answers an unknown packet type with "Unknown request" and the type in hex', async () => {
    const client = await loggedIn()
    client.write(rconPacket(6, 0, 'list'))
    expect(await client.next()).toEqual({ id: 6, type: 0, body: 'Unknown request 0' })
    client.write(rconPacket(7, -1, 'list'))
    expect(await client.next()).toEqual({ id: 7, type: 0, body: 'Unknown request ffffffff' })
  })

  it('splits a long reply every 4096 characters with no end marker: help is over 10,000', async () => {
    const client = await loggedIn()
    const packets = await command(client, 'help', 70)
    const text = packets.map((packet) => packet.body).join('')
    expect(text.length).toBeGreaterThan(10_000)
    expect(text.startsWith('/about [<args>]/advancement (grant|revoke)/attribute <target> <attribute> (base|get|modifier)/ban <targets> [<reason>]')).toBe(true)
    expect(text).toContain('/minecraft:whitelist (add|list|off|on|reload|remove)')
    expect(packets.length).toBe(Math.ceil(text.length / 4096))
    expect(packets.every((packet) => packet.id === 70 && packet.type === 0)).toBe(true)
    expect(packets.slice(0, -1).every((packet) => packet.body.length === 4096)).toBe(true)
    expect(packets.at(-1)?.body.length).toBeLessThanOrEqual(4096)
  })

  it('takes a 1446-byte command (1460 bytes in all) and closes on a 1447-byte one', async () => {
    const client = await loggedIn()
    const longest = `say ${'a'.repeat(1442)}`
    expect(Buffer.byteLength(longest)).toBe(rconMaxPayloadBytes)
    client.write(rconPacket(20, 2, longest))
    expect(await client.next()).toEqual({ id: 20, type: 0, body: '' })
    client.write(rconPacket(21, 2, `${longest}a`))
    expect(await client.closesSilently()).toBe(true)
    expect(rcon.commands().map((record) => record.requestId)).toContain(20)
    expect(rcon.commands().map((record) => record.requestId)).not.toContain(21)
  })

  it('closes the connection when two packets arrive in one read', async () => {
    const client = await loggedIn()
    client.write(Buffer.concat([rconPacket(30, 2, 'list'), rconPacket(31, 2, 'list')]))
    expect(await client.closesSilently()).toBe(true)
  })

  it('reads packets sent while it was busy as one read, and closes on two of them', async () => {
    const client = await loggedIn()
    client.write(rconPacket(32, 2, 'save-all'))
    // Separate writes, well apart: still both in the socket when the save is over.
    await new Promise((resolve) => setTimeout(resolve, 30))
    client.write(rconPacket(33, 2, 'list'))
    await new Promise((resolve) => setTimeout(resolve, 30))
    client.write(rconPacket(34, 2, 'list'))
    expect(await client.next()).toMatchObject({ id: 32, type: 0 })
    expect(await client.closesSilently()).toBe(true)
    expect(rcon.commands().map((record) => record.requestId)).not.toContain(33)
  })

  it('takes one packet sent while it was busy as the next read', async () => {
    const client = await loggedIn()
    client.write(rconPacket(35, 2, 'save-all'))
    await new Promise((resolve) => setTimeout(resolve, 30))
    client.write(rconPacket(36, 2, 'difficulty'))
    expect(await client.next()).toMatchObject({ id: 35 })
    expect(await client.next()).toEqual({ id: 36, type: 0, body: 'The difficulty is Normal' })
  })

  it('runs the commands of every connection one at a time, as the server thread does', async () => {
    const saving = await loggedIn()
    const asking = await loggedIn()
    saving.write(rconPacket(37, 2, 'save-all flush'))
    await new Promise((resolve) => setTimeout(resolve, 30))
    asking.write(rconPacket(38, 2, 'save-on'))
    const order: number[] = []
    await Promise.all([saving.next().then((packet) => order.push(packet!.id)), asking.next().then((packet) => order.push(packet!.id))])
    expect(order).toEqual([37, 38])
  })

  it('closes on a read shorter than 10 bytes or a length that does not match it', async () => {
    const short = await RawClient.open()
    short.write(Buffer.from('0a000000010000', 'hex'))
    expect(await short.closesSilently()).toBe(true)
    const lying = await RawClient.open()
    const login = rconPacket(1, 3, password)
    login.writeInt32LE(99, 0)
    lying.write(login)
    expect(await lying.closesSilently()).toBe(true)
  })

  it('records every command it ran, with the time it arrived', async () => {
    const client = await loggedIn()
    const before = Date.now()
    await reply(client, 'save-off')
    await reply(client, 'save-all flush')
    await reply(client, 'save-on')
    const after = Date.now()
    const recent = rcon.commands().filter((record) => record.at >= before)
    expect(recent.map((record) => record.command)).toEqual(['save-off', 'seed', 'save-all flush', 'seed', 'save-on', 'seed'])
    expect(recent.every((record) => record.at <= after)).toBe(true)
  })
})

describe('RCON emulator: Paper’s replies', () => {
  it('reports TPS as Paper’s tps command does, colours and all', async () => {
    const client = await loggedIn()
    expect(await reply(client, 'tps')).toBe('§6TPS from last 1m, 5m, 15m: §a20.0§r, §a20.0§r, §a20.0\n')
    rcon.setTps([19.97, 17.456, 12])
    expect(await reply(client, 'tps')).toBe('§6TPS from last 1m, 5m, 15m: §a19.97§r, §e17.46§r, §c12.0\n')
  })

  it('lists the players online', async () => {
    const client = await loggedIn()
    expect(await reply(client, 'list')).toBe('There are 0 of a max of 20 players online: ')
    rcon.setPlayers(['Steve'])
    expect(await reply(client, '/minecraft:list')).toBe('There are 1 of a max of 20 players online: Steve')
  })

  it('turns saving off, saves and turns it on, logging each for admins', async () => {
    const client = await loggedIn()
    expect(await reply(client, 'save-off')).toBe('Automatic saving is now disabled')
    expect(await reply(client, 'save-off')).toBe('Saving is already turned off')
    expect(await reply(client, 'save-all flush')).toBe('Saving the game (this may take a moment!)Saved the game')
    expect(await reply(client, 'save-on')).toBe('Automatic saving is now enabled')
    expect(logged.map((line) => line.message)).toEqual(
      expect.arrayContaining(['[Rcon: Automatic saving is now disabled]', '[Rcon: Saved the game]', '[Rcon: Automatic saving is now enabled]'])
    )
  })

  it('keeps a whitelist and the operators', async () => {
    const client = await loggedIn()
    expect(await reply(client, 'whitelist list')).toBe('There are no whitelisted players')
    expect(await reply(client, 'whitelist add Steve')).toBe('Added Steve to the whitelist')
    expect(await reply(client, 'whitelist add steve')).toBe('Player is already whitelisted')
    expect(await reply(client, 'whitelist add Alex')).toBe('Added Alex to the whitelist')
    expect(await reply(client, 'whitelist list')).toBe('There are 2 whitelisted player(s): Steve, Alex')
    expect(await reply(client, 'whitelist remove Steve')).toBe('Removed Steve from the whitelist')
    expect(await reply(client, 'whitelist remove Steve')).toBe('Player is not whitelisted')
    expect(await reply(client, 'op Alex')).toBe('Made Alex a server operator')
    expect(await reply(client, 'op Alex')).toBe('Nothing changed. The player already is an operator')
    expect(await reply(client, 'deop Alex')).toBe('Made Alex no longer a server operator')
    expect(await reply(client, 'deop Alex')).toBe('Nothing changed. The player is not an operator')
  })

  it('kicks a player online and logs the disconnection', async () => {
    const client = await loggedIn()
    rcon.setPlayers(['Steve', 'Alex'])
    expect(await reply(client, 'kick Steve')).toBe('Kicked Steve: Kicked by an operator')
    expect(await reply(client, 'kick Notch')).toBe('No player was found')
    expect(rcon.server.players()).toEqual(['Alex'])
    expect(logged.map((line) => line.message)).toEqual(expect.arrayContaining(['Steve lost connection: Kicked by an operator', 'Steve left the game']))
  })

  it('says a message to everyone with an empty reply, logged as from Rcon', async () => {
    const client = await loggedIn()
    expect(await reply(client, 'say hello there')).toBe('')
    expect(logged).toContainEqual({ thread: 'Server thread', level: 'INFO', message: '[Rcon] hello there' })
  })

  it('words unknown and incomplete commands as Brigadier does, without a line break', async () => {
    const client = await loggedIn()
    expect(await reply(client, 'foo')).toBe('Unknown or incomplete command, see below for errorfoo<--[HERE]')
    expect(await reply(client, 'whitelist add')).toBe('Unknown or incomplete command, see below for error...telist add<--[HERE]')
    expect(await reply(client, 'whitelist frob')).toBe('Incorrect argument for commandwhitelist frob<--[HERE]')
  })

  it('logs each client thread starting and shutting down', async () => {
    const client = await loggedIn()
    client.socket.end()
    await client.next()
    // Earlier tests' connections may still be shutting down: keep the listener's lines and the newest client thread's.
    const threadNumber = (line: PaperLogLine) => Number(/ #(\d+)$/.exec(line.thread)?.[1] ?? 0)
    const newest = Math.max(...logged.map(threadNumber))
    const own = logged.filter((line) => line.thread === 'RCON Listener #1' || threadNumber(line) === newest)
    expect(own.map((line) => line.message)).toEqual(['Thread RCON Client /127.0.0.1 started', 'Thread RCON Client /127.0.0.1 shutting down'])
    expect(own[0]?.thread).toBe('RCON Listener #1')
    expect(own[1]?.thread).toMatch(/^RCON Client \/127\.0\.0\.1 #\d+$/)
  })
})

describe('RCON emulator: faults', () => {
  it('hang: reads and never answers, not even a login', async () => {
    rcon.fault = 'hang'
    const client = await RawClient.open()
    client.write(rconPacket(1, 3, password))
    expect(await client.staysSilent(500)).toBe(true)
  })

  it('freeze: answers the login but never a command', async () => {
    rcon.fault = 'freeze'
    const client = await loggedIn()
    client.write(rconPacket(2, 2, 'list'))
    expect(await client.staysSilent(500)).toBe(true)
    expect(rcon.commands().at(-1)).toMatchObject({ command: 'list', requestId: 2 })
  })

  it('drop: closes the connection after reading', async () => {
    const client = await loggedIn()
    rcon.fault = 'drop'
    client.write(rconPacket(2, 2, 'list'))
    expect(await client.closesSilently()).toBe(true)
  })

  it('refuses connections once closed and closes the open ones', async () => {
    const other = await startRconEmulator({ address: '127.0.1.76', port, password })
    const client = await RawClient.open({ host: '127.0.1.76', port })
    await other.close()
    expect(await client.closesSilently()).toBe(true)
    expect(await canConnect('127.0.1.76', port)).toBe(false)
  })

  it('answers stop, then goes down: every connection closed, the port refused, the owner told', async () => {
    let told = 0
    const other = await startRconEmulator({ address: '127.0.1.77', port, password, onStop: () => (told += 1) })
    const watching = await RawClient.open({ host: '127.0.1.77', port })
    const client = await RawClient.open({ host: '127.0.1.77', port })
    client.write(rconPacket(1, 3, password))
    expect(await client.next()).toEqual({ id: 1, type: 2, body: '' })
    client.write(rconPacket(7, 2, 'stop'))
    expect(await client.next()).toEqual({ id: 7, type: 0, body: 'Stopping the server' })
    expect(await client.closesSilently()).toBe(true)
    expect(await watching.closesSilently()).toBe(true)
    expect(told).toBe(1)
    await other.close()
    expect(await canConnect('127.0.1.77', port)).toBe(false)
    const alone = await startRconEmulator({ address: '127.0.1.77', port, password })
    const last = await RawClient.open({ host: '127.0.1.77', port })
    last.write(rconPacket(1, 3, password))
    await last.next()
    last.write(rconPacket(2, 2, 'stop'))
    expect((await last.next())?.body).toBe('Stopping the server')
    await expect.poll(() => canConnect('127.0.1.77', port)).toBe(false)
    await alone.close()
  })
})

describe('RCON emulator, read by the minecraft-server-util RCON client', () => {
  it('logs in, runs commands and gets their replies', async () => {
    const client = new RCON()
    try {
      await client.connect(address, port, { timeout: 5000 })
      await client.login(password, { timeout: 5000 })
      rcon.setPlayers(['Steve'])
      expect(await client.execute('list')).toBe('There are 1 of a max of 20 players online: Steve')
      expect(await client.execute('tps')).toBe('§6TPS from last 1m, 5m, 15m: §a20.0§r, §a20.0§r, §a20.0\n')
    } finally {
      client.close()
    }
  })

  it('is refused with a wrong password', async () => {
    const client = new RCON()
    try {
      await client.connect(address, port, { timeout: 5000 })
      await expect(client.login('wrong-password', { timeout: 5000 })).rejects.toThrow('Invalid RCON password')
    } finally {
      client.close()
    }
  })

  it('gets help in several packets of at most 4096 characters, ended by the reply to a second command', async () => {
    const client = new RCON()
    try {
      await client.connect(address, port, { timeout: 5000 })
      await client.login(password, { timeout: 5000 })
      const messages: Message[] = []
      const markerAnswered = new Promise<void>((resolve) => {
        client.on('message', (message: Message) => {
          messages.push(message)
          if (message.requestID === helpId + 1) resolve()
        })
      })
      const firstChunk = new Promise<void>((resolve) => client.once('message', () => resolve()))
      const helpId = await client.run('help')
      await firstChunk
      expect(await client.run('seed')).toBe(helpId + 1)
      await markerAnswered
      const help = messages.filter((message) => message.requestID === helpId).map((message) => message.message)
      expect(help.length).toBeGreaterThanOrEqual(3)
      expect(help.every((chunk) => chunk.length <= 4096)).toBe(true)
      expect(help.join('').length).toBeGreaterThan(10_000)
      expect(help.join('')).toMatch(/^\/about \[<args>\]\/advancement \(grant\|revoke\)\/attribute /)
    } finally {
      client.close()
    }
  })
})
