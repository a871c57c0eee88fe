import { createServer, type Server } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { rconPacket, startRconEmulator, type RconEmulator } from '../../../lab/rcon'
import { parseList, parseTps } from './paper-replies'
import { RconClient } from './rcon-client'

const address = '127.0.1.80'
const port = 25575
/** Speaks something else on the RCON port: an HTTP server's refusal. */
const garbageAddress = '127.0.1.81'
/** Nothing listens here. */
const silentAddress = '127.0.1.84'
const password = 'lab-rcon-secret'

let emulator: RconEmulator
let garbage: Server
const clients: RconClient[] = []

function client(options: Partial<ConstructorParameters<typeof RconClient>[0]> = {}): RconClient {
  const made = new RconClient({ host: address, port, password: async () => password, ...options })
  clients.push(made)
  return made
}

beforeAll(async () => {
  emulator = await startRconEmulator({ address, port, password })
  garbage = createServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')))
  await new Promise<void>((resolve) => garbage.listen({ host: garbageAddress, port }, resolve))
})

afterEach(() => {
  emulator.fault = 'none'
  for (const made of clients.splice(0)) made.close()
})

afterAll(async () => {
  await emulator?.close()
  await new Promise((resolve) => garbage?.close(resolve))
})

const recorded = () => emulator.commands().map((record) => record.command)

describe('the RCON client against the Paper RCON emulator', () => {
  it('logs in and runs a command, its reply as the server sent it', async () => {
    emulator.setPlayers(['Steve', 'Alex'])
    const before = recorded().length
    const rcon = client()
    expect(await rcon.command('list')).toBe('There are 2 of a max of 20 players online: Steve, Alex')
    const tps = await rcon.command('tps')
    expect(tps).toContain('§6TPS from last 1m, 5m, 15m: ')
    expect(parseTps(tps)).toEqual([20, 20, 20])
    // The end marker is not a command: the server saw exactly what was sent.
    expect(recorded().slice(before)).toEqual(['list', 'tps'])
  })

  it('says the password was refused, and runs nothing', async () => {
    const before = recorded().length
    await expect(client({ password: async () => 'wrong' }).command('list')).rejects.toThrow('the RCON password was refused')
    expect(recorded()).toHaveLength(before)
  })

  it('puts a reply of more than 10,000 characters (three 4096-character packets) back together whole', async () => {
    const names = Array.from({ length: 800 }, (_, index) => `Player_${String(index).padStart(5, '0')}`)
    emulator.setPlayers(names)
    const reply = await client().command('list')
    const expected = `There are 800 of a max of 20 players online: ${names.join(', ')}`
    expect(expected.length).toBeGreaterThan(2 * 4096 + 1000)
    expect(reply).toBe(expected)
    expect(parseList(reply)?.names).toEqual(names)
    emulator.setPlayers([])
  })

  it('refuses a command over 1446 bytes before sending anything, and sends one of exactly 1446', async () => {
    const rcon = client()
    const before = recorded().length
    await expect(rcon.command(`say ${'x'.repeat(1443)}`)).rejects.toThrow('the command is 1447 bytes long; RCON takes at most 1446')
    // 726 characters, but 1448 bytes in UTF-8.
    await expect(rcon.command(`say ${'é'.repeat(722)}`)).rejects.toThrow('1448 bytes')
    expect(recorded()).toHaveLength(before)
    const longest = `say ${'x'.repeat(1442)}`
    expect(await rcon.command(longest)).toBe('')
    expect(recorded().slice(before)).toEqual([longest])
  })

  it('sends one packet at a time: concurrent commands are queued and each gets its own reply', async () => {
    const rcon = client()
    const before = recorded().length
    const commands = Array.from({ length: 12 }, (_, index) => (index % 3 === 0 ? 'tps' : `whitelist add Queued${index}`))
    const replies = await Promise.all(commands.map((command) => rcon.command(command)))
    replies.forEach((reply, index) => {
      if (index % 3 === 0) expect(parseTps(reply)).not.toBeNull()
      else expect(reply).toBe(`Added Queued${index} to the whitelist`)
    })
    expect(recorded().slice(before)).toEqual(commands)
  })

  it('reconnects on the next command after the server restarted, and says so while it is down', async () => {
    const rcon = client()
    expect(await rcon.command('seed')).toBe('Seed: [-4172144997902289642]')
    await emulator.close()
    // Whether the server's goodbye arrived before this command went out is up to the network.
    await expect(rcon.command('seed')).rejects.toThrow(/connection refused|closed the RCON connection|connection was reset/)
    await expect(rcon.command('seed')).rejects.toThrow(`connection refused at ${address}:${port}: is RCON enabled (enable-rcon=true, rcon.port=${port})?`)
    emulator = await startRconEmulator({ address, port, password })
    expect(await rcon.command('seed')).toBe('Seed: [-4172144997902289642]')
    expect(recorded()).toEqual(['seed'])
  })

  it('takes the reply to `stop` as whole when the stopping server closes RCON before the end marker', async () => {
    const before = recorded().length
    const rcon = client()
    expect(await rcon.command('stop')).toBe('Stopping the server')
    await expect(rcon.command('list')).rejects.toThrow(`connection refused at ${address}:${port}`)
    // Sent once, and the end marker was not taken for a command.
    expect(recorded().slice(before)).toEqual(['stop'])
    emulator = await startRconEmulator({ address, port, password })
  })

  it('takes the reply to `stop` as whole also when the server resets the connection instead of closing it', async () => {
    // Answers the login, then `stop`, and resets the connection when the end marker comes.
    const resetting = createServer((socket) => {
      let packets = 0
      socket.on('data', (chunk: Buffer) => {
        packets += 1
        const id = chunk.readInt32LE(4)
        if (packets === 1) socket.write(rconPacket(id, 2, ''))
        else if (packets === 2) socket.write(rconPacket(id, 0, 'Stopping the server'))
        else socket.resetAndDestroy()
      })
    })
    await new Promise<void>((resolve) => resetting.listen({ host: garbageAddress, port: port + 1 }, resolve))
    try {
      const rcon = client({ host: garbageAddress, port: port + 1 })
      expect(await rcon.command('stop')).toBe('Stopping the server')
      await expect(client({ host: garbageAddress, port: port + 1 }).command('list')).rejects.toThrow(/reset|closed the RCON connection/)
    } finally {
      await new Promise((resolve) => resetting.close(resolve))
    }
  })

  it('gives up on a command the server never answers, then works again on a new connection', async () => {
    const rcon = client({ timeouts: { commandMs: 500 } })
    expect(await rcon.command('difficulty')).toBe('The difficulty is Normal')
    emulator.fault = 'freeze'
    await expect(rcon.command('list')).rejects.toThrow('the server did not answer "list" within 1 s')
    emulator.fault = 'none'
    expect(await rcon.command('difficulty')).toBe('The difficulty is Normal')
  })

  it('says the server closed the connection before answering', async () => {
    const rcon = client()
    expect(await rcon.command('difficulty')).toBe('The difficulty is Normal')
    emulator.fault = 'drop'
    await expect(rcon.command('list')).rejects.toThrow('the server closed the RCON connection before answering "list"')
  })

  it('gives up on a login nobody answers', async () => {
    emulator.fault = 'hang'
    await expect(client({ timeouts: { connectMs: 500 } }).command('list')).rejects.toThrow(`RCON at ${address}:${port} did not answer within 1 s`)
  })

  it('says when what answers on the port is not RCON, or nothing does', async () => {
    await expect(client({ host: garbageAddress }).command('list')).rejects.toThrow('the server sent something that is not RCON')
    await expect(client({ host: silentAddress }).command('list')).rejects.toThrow(`connection refused at ${silentAddress}:${port}: is RCON enabled`)
  })

  it('passes on why the password is not there', async () => {
    const rcon = client({
      password: async () => {
        throw new Error('the RCON password env:MC_RCON is not set')
      }
    })
    await expect(rcon.command('list')).rejects.toThrow('the RCON password env:MC_RCON is not set')
  })
})
