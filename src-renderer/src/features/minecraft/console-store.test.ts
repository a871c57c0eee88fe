import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setApi } from '../../api/api'
import { RequestFailure } from '../../api/client'
import { fakeClient } from '../../testing/fake-client'
import { maxEntries, type CommandEntry } from './console-entries'
import { useConsoleStore } from './console-store'

const serverId = 'pi-primary/minecraft'

let frames: FrameRequestCallback[] = []
const frame = () => frames.splice(0).forEach((callback) => callback(0))
/** Lets pending promise callbacks (request replies) run. */
const settle = () => vi.advanceTimersByTimeAsync(0)

const lines = () => useConsoleStore.getState().entries.flatMap((entry) => (entry.kind === 'line' ? [entry.plain] : []))
const commands = () => useConsoleStore.getState().entries.filter((entry): entry is CommandEntry => entry.kind === 'command')

beforeEach(() => {
  vi.useFakeTimers()
  frames = []
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback))
  useConsoleStore.setState({ serverId: null, phase: null, message: null, entries: [], savedHistory: [], sessionHistory: [] })
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

function logClient(extra: Parameters<typeof fakeClient>[0] = {}) {
  return fakeClient({
    'minecraft.openLog': () => ({ logId: 'l1' }),
    'minecraft.closeLog': () => ({}),
    'minecraft.history': () => ['list', 'tps'],
    ...extra
  })
}

describe('useConsoleStore', () => {
  it('streams the log: lines of every event in ONE store update per frame, with the log’s state', async () => {
    const fake = logClient()
    setApi(fake.client)
    const close = useConsoleStore.getState().open(serverId, true)
    expect(useConsoleStore.getState().phase).toBe('opening')
    await settle()
    expect(fake.calls.filter((call) => call.name === 'minecraft.openLog')).toEqual([{ name: 'minecraft.openLog', input: { serverId } }])
    expect(useConsoleStore.getState()).toMatchObject({ phase: 'connecting', savedHistory: ['list', 'tps'] })

    fake.emit('minecraft.logState', { logId: 'l1', serverId, state: 'streaming', message: null })
    let updates = 0
    const unsubscribe = useConsoleStore.subscribe(() => updates++)
    fake.emit('minecraft.log', { logId: 'l1', lines: ['[12:00:00 INFO]: one', '\u001b[33m[12:00:01 WARN]: two\u001b[m'] })
    fake.emit('minecraft.log', { logId: 'l2', lines: ['another server'] })
    fake.emit('minecraft.log', { logId: 'l1', lines: ['§6three'] })
    expect(updates).toBe(0)
    frame()
    expect(updates).toBe(1)
    expect(lines()).toEqual(['[12:00:00 INFO]: one', '[12:00:01 WARN]: two', 'three'])
    expect(useConsoleStore.getState().phase).toBe('streaming')
    unsubscribe()

    close()
    expect(fake.calls.at(-1)).toEqual({ name: 'minecraft.closeLog', input: { logId: 'l1' } })
    fake.emit('minecraft.log', { logId: 'l1', lines: ['after close'] })
    frame()
    expect(lines()).not.toContain('after close')
  })

  it('keeps lines and state that arrive before the reply naming their log', async () => {
    let answer: (value: { logId: string }) => void = () => undefined
    const fake = logClient({ 'minecraft.openLog': () => new Promise((resolve) => (answer = resolve)) })
    setApi(fake.client)
    const close = useConsoleStore.getState().open(serverId, true)
    fake.emit('minecraft.logState', { logId: 'l7', serverId, state: 'streaming', message: null })
    fake.emit('minecraft.log', { logId: 'l7', lines: ['early 1', 'early 2'] })
    answer({ logId: 'l7' })
    await settle()
    fake.emit('minecraft.log', { logId: 'l7', lines: ['later'] })
    frame()
    expect(lines()).toEqual(['early 1', 'early 2', 'later'])
    expect(useConsoleStore.getState().phase).toBe('streaming')
    close()
  })

  it(`keeps at most ${maxEntries} entries, dropping the oldest`, async () => {
    const fake = logClient()
    setApi(fake.client)
    const close = useConsoleStore.getState().open(serverId, true)
    await settle()
    const numbered = (from: number, count: number) => Array.from({ length: count }, (_, index) => `line ${from + index}`)
    fake.emit('minecraft.log', { logId: 'l1', lines: numbered(1, 3000) })
    frame()
    fake.emit('minecraft.log', { logId: 'l1', lines: numbered(3001, 2000) })
    fake.emit('minecraft.log', { logId: 'l1', lines: numbered(5001, 200) })
    frame()
    const kept = lines()
    expect(kept).toHaveLength(maxEntries)
    expect(kept[0]).toBe('line 201')
    expect(kept.at(-1)).toBe('line 5200')
    fake.emit('minecraft.log', { logId: 'l1', lines: numbered(5201, 9000) })
    frame()
    expect(lines()[0]).toBe('line 9201')
    expect(lines()).toHaveLength(maxEntries)
    close()
  })

  it('reports a log that could not be opened, and opens none for a server without one', async () => {
    const fake = logClient({
      'minecraft.openLog': () => {
        throw new RequestFailure('minecraft.openLog', { code: 'failed', message: 'pi-primary: no such file logs/latest.log' })
      }
    })
    setApi(fake.client)
    useConsoleStore.getState().open(serverId, true)()
    await settle()
    expect(useConsoleStore.getState()).toMatchObject({ phase: 'opening' })

    const close = useConsoleStore.getState().open(serverId, true)
    await settle()
    expect(useConsoleStore.getState()).toMatchObject({ phase: 'failed', message: 'pi-primary: no such file logs/latest.log' })
    close()

    const quiet = logClient()
    setApi(quiet.client)
    const closeQuiet = useConsoleStore.getState().open(serverId, false)
    await settle()
    expect(quiet.calls.map((call) => call.name)).toEqual(['minecraft.history'])
    expect(useConsoleStore.getState().phase).toBeNull()
    closeQuiet()
  })

  it('shows a command’s reply inline, after the lines that came before it, and adds it to the history', async () => {
    const fake = logClient({ 'minecraft.command': (input) => ({ command: (input as { command: string }).command, reply: '§6There are 1 of a max of 20 players online: §fAlex', at: 1 }) })
    setApi(fake.client)
    const close = useConsoleStore.getState().open(serverId, true)
    await settle()
    fake.emit('minecraft.log', { logId: 'l1', lines: ['before the command'] })
    const result = await useConsoleStore.getState().send(serverId, '  list ')
    expect(result).toEqual({ outcome: 'answered', reply: '§6There are 1 of a max of 20 players online: §fAlex' })
    expect(fake.calls.find((call) => call.name === 'minecraft.command')?.input).toEqual({ serverId, command: 'list' })
    const entries = useConsoleStore.getState().entries
    expect(entries.map((entry) => entry.kind)).toEqual(['line', 'command'])
    expect(commands()[0]).toMatchObject({ command: 'list', status: 'answered', replyPlain: 'There are 1 of a max of 20 players online: Alex', error: null })
    expect(useConsoleStore.getState().sessionHistory).toEqual(['list'])
    close()
  })

  it('shows a refused command inline as failed, and refuses what RCON would choke on before sending', async () => {
    const fake = logClient({
      'minecraft.command': () => {
        throw new RequestFailure('minecraft.command', { code: 'failed', message: 'wrong RCON password' })
      }
    })
    setApi(fake.client)
    const close = useConsoleStore.getState().open(serverId, false)
    expect(await useConsoleStore.getState().send(serverId, 'tps')).toEqual({ outcome: 'failed', problem: 'wrong RCON password' })
    expect(commands()[0]).toMatchObject({ command: 'tps', status: 'failed', error: 'wrong RCON password' })

    const sent = fake.calls.filter((call) => call.name === 'minecraft.command').length
    const tooLong = await useConsoleStore.getState().send(serverId, `say ${'é'.repeat(800)}`)
    expect(tooLong).toEqual({ outcome: 'invalid', problem: 'a command longer than 1446 bytes would close the RCON connection' })
    expect(await useConsoleStore.getState().send(serverId, `say ${'x'.repeat(1443)}`)).toEqual({ outcome: 'invalid', problem: 'a command longer than 1446 bytes would close the RCON connection' })
    expect(await useConsoleStore.getState().send(serverId, 'say a\nstop')).toEqual({ outcome: 'invalid', problem: 'one command per line' })
    expect(await useConsoleStore.getState().send(serverId, '   ')).toEqual({ outcome: 'invalid', problem: 'Type a command first.' })
    expect(fake.calls.filter((call) => call.name === 'minecraft.command')).toHaveLength(sent)
    expect(commands()).toHaveLength(1)
    close()
  })
})
